/**
 * GPU-eligibility check support for {@code grasp gpu-check}: capture of the RAPIDS Accelerator's explain-only output
 * ({@link dev.grasp.jobs.gpu.ExplainCapture}), its parsing into per-stage operator counts and fallbacks
 * ({@link dev.grasp.jobs.gpu.ExplainParser}) and the comparison with {@code conf/gpu-thresholds.json}
 * ({@link dev.grasp.jobs.gpu.GpuThresholds}).
 */
package dev.grasp.jobs.gpu;
