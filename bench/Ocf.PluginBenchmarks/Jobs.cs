using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;

namespace Ocf.PluginBenchmarks;

/// <summary>Sub-millisecond to millisecond operations: 1 launch, 3 warm-up and 7 measured iterations of ~250 ms.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class ShortJobAttribute() : JobConfigBaseAttribute(Job.Default
    .WithLaunchCount(1).WithWarmupCount(3).WithIterationCount(7)
    .WithIterationTime(Perfolizer.Horology.TimeInterval.FromMilliseconds(250))
    .WithId("Short"));

/// <summary>
/// One invocation per iteration (each needs its own [IterationSetup]: a fresh manager, a power state to change).
/// Monitoring strategy: no pilot stage and no overhead subtraction, the right thing for millisecond-scale I/O.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class SingleShotJobAttribute(int warmup = 3, int iterations = 25) : JobConfigBaseAttribute(Job.Default
    .WithStrategy(RunStrategy.Monitoring)
    .WithLaunchCount(1).WithWarmupCount(warmup).WithIterationCount(iterations)
    .WithInvocationCount(1).WithUnrollFactor(1)
    .WithId("SingleShot"));
