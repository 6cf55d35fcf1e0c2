"""Airflow DAG running the grasp pipeline one step per task with spark-submit.

Each task runs `grasp pipeline --conf <conf> --only <step>` with the run date in the output path, so a task's
output is `<base>/<ds>/<step>/`. Outputs are atomic and a complete step is skipped on rerun, so Airflow retries and
backfills are safe: a retried task either finds its step complete (and does nothing) or recomputes it from scratch.
Airflow reads each step's metrics from `<base>/<ds>/<step>/report.json` (pushed to XCom by `report_path`).

Set the Airflow Variables `grasp_jar` (path/URI of grasp-jobs-<version>.jar), `grasp_conf` (the pipeline conf,
shipped with --files) and `grasp_output` (base URI for run directories); the Spark connection `spark_default`.
"""
from __future__ import annotations

import datetime

from airflow import DAG
from airflow.models import Variable
from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator

# Steps and their upstream steps; names match the `pipeline` list of conf/local.conf and conf/cluster.conf.
STEPS: dict[str, list[str]] = {
    "stats": [],
    "sample": [],
    "embed": [],
    "rescale": ["embed"],
    "cluster": [],
    "evaluate-embedding": ["embed"],
    "evaluate-clusters": ["cluster"],
}


def step_args(step: str, conf_name: str, output: str) -> list[str]:
    """The grasp command line of one step (tested against dev.grasp.jobs.Main by PipelineDagArgsTest)."""
    return [
        "pipeline",
        "--conf", conf_name,
        "--only", step,
        "--set", f"output={output}",
        "--set", "run-id={{ ds }}",
    ]


with DAG(
    dag_id="grasp_pipeline",
    start_date=datetime.datetime(2026, 1, 1),
    schedule="@daily",
    catchup=False,
    default_args={"retries": 2, "retry_delay": datetime.timedelta(minutes=5)},
    tags=["grasp", "spark"],
) as dag:
    jar = Variable.get("grasp_jar", default_var="grasp-jobs-0.1.0-SNAPSHOT.jar")
    conf_file = Variable.get("grasp_conf", default_var="cluster.conf")
    output = Variable.get("grasp_output", default_var="hdfs:///grasp/runs")
    tasks = {}
    for name in STEPS:
        tasks[name] = SparkSubmitOperator(
            task_id=name.replace("-", "_"),
            application=jar,
            java_class="dev.grasp.jobs.Main",
            files=conf_file,
            application_args=step_args(name, conf_file.rsplit("/", 1)[-1], output),
            conn_id="spark_default",
            name=f"grasp-{name}",
        )
    for name, upstream in STEPS.items():
        for up in upstream:
            tasks[up] >> tasks[name]
