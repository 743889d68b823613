using System.Buffers;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Ocf.Communication;

namespace Ocf.ClusterBenchmarks;

/// <summary>
/// Where the time of one message goes, measured piece by piece (for the analysis, not a target):
/// <list type="bullet">
/// <item>the packet pipeline on one 1 KiB datagram body: Seal (AES-256-GCM + HMAC-SHA256) and Open (verify + decrypt),
/// and the same with HMAC only;</item>
/// <item>a plain .NET UDP round trip on 127.0.0.1 with 1 KiB datagrams and the transport's receive pattern (a dedicated
/// thread per socket: Poll, then Receive until WouldBlock) — the floor under Ocf's 2-node round trip;</item>
/// <item>a plain .NET UDP blast (one sender thread, one receiver thread, no protocol) — the floor under throughput.</item>
/// </list>
/// </summary>
internal static class CostsBenchmark
{
    public static void Run(Cli cli)
    {
        int size = cli.Int("size", 1024), runs = cli.Int("runs", 5);
        Report.Line($"# costs: {size}-byte bodies, {runs} runs each, medians");
        Quiet.Wait("costs");
        Pipeline(size, runs, encrypt: true);
        Pipeline(size, runs, encrypt: false);
        RawUdpRoundTrip(size, runs, cli.Int("count", 5000));
        RawUdpBlast(size, runs, TimeSpan.FromSeconds(cli.Double("duration", 3)));
    }

    private static void Pipeline(int size, int runs, bool encrypt)
    {
        var keys = new OcfKeyStore(new OcfKeyRing(1, OcfKeyRing.GenerateKey()));
        var sender = OcfPacketPipeline.CreateDefault(keys, encrypt: encrypt);
        var receiver = OcfPacketPipeline.CreateDefault(keys, encrypt: encrypt);
        var body = RoundTripBenchmark.Payload(size);
        var datagram = new byte[size + 256];
        var plain = new ArrayBufferWriter<byte>(size + 256);
        uint hash = OcfPacketHeader.ComputeClusterHash("costs");
        var header = new OcfPacketHeader { Type = OcfPacketType.Data, ClusterHash = hash, Sender = 1, Destination = 2, SenderIncarnation = 1, DestinationIncarnation = 2 };
        const int iterations = 50_000;
        var seal = new List<double>();
        var open = new List<double>();
        int length = 0;
        for (int run = 0; run <= runs; run++) // run 0 is the warm-up
        {
            long t0 = Stopwatch.GetTimestamp();
            for (int i = 0; i < iterations; i++) length = sender.Seal(header with { Sequence = (ulong)i + 1 }, body, datagram);
            long t1 = Stopwatch.GetTimestamp();
            for (int i = 0; i < iterations; i++) receiver.Open(datagram.AsSpan(0, length), hash, 65507, plain);
            long t2 = Stopwatch.GetTimestamp();
            if (run == 0) continue;
            seal.Add(Stopwatch.GetElapsedTime(t0, t1).TotalMicroseconds / iterations);
            open.Add(Stopwatch.GetElapsedTime(t1, t2).TotalMicroseconds / iterations);
        }
        string what = encrypt ? "AES-256-GCM + HMAC-SHA256" : "HMAC-SHA256 only";
        Report.Line($"COSTS pipeline {what}: Seal {Report.F(new Stats(seal).Median, "0.00")} µs, Open {Report.F(new Stats(open).Median, "0.00")} µs per {length}-byte datagram");
        Report.Json("costs-pipeline", new { encrypt, size, datagram = length, seal = new Stats(seal).Median, open = new Stats(open).Median });
    }

    private static (Socket A, Socket B) Pair()
    {
        var a = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        var b = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        a.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        b.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        a.Blocking = false;
        b.Blocking = false;
        return (a, b);
    }

    /// <summary>Receives like UdpTransport's loop: Poll (100 ms), then Receive until WouldBlock, calling <paramref name="handler"/> per datagram.</summary>
    private static Thread Receiver(Socket socket, Action<int> handler, CancellationToken stop)
    {
        var thread = new Thread(() =>
        {
            var buffer = new byte[65536];
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    if (!socket.Poll(100_000, SelectMode.SelectRead)) continue;
                    while (true)
                    {
                        int n = socket.Receive(buffer, SocketFlags.None, out var error);
                        if (error != SocketError.Success) break;
                        handler(n);
                    }
                }
                catch (ObjectDisposedException) { return; }
                catch (SocketException) { return; }
            }
        }) { IsBackground = true };
        thread.Start();
        return thread;
    }

    private static void RawUdpRoundTrip(int size, int runs, int count)
    {
        var medians = new List<double>();
        var pooled = new List<double>();
        for (int run = 0; run <= runs; run++)
        {
            var (a, b) = Pair();
            using var stop = new CancellationTokenSource();
            var addressA = ((IPEndPoint)a.LocalEndPoint!).Serialize();
            var addressB = ((IPEndPoint)b.LocalEndPoint!).Serialize();
            var payload = RoundTripBenchmark.Payload(size);
            long echoAt = 0;
            using var echoed = new SemaphoreSlim(0);
            var tb = Receiver(b, n => b.SendTo(payload.AsSpan(0, n), SocketFlags.None, addressA), stop.Token);
            var ta = Receiver(a, _ => { Volatile.Write(ref echoAt, Stopwatch.GetTimestamp()); echoed.Release(); }, stop.Token);
            var samples = new List<double>(count);
            for (int i = 0; i < count + 500; i++)
            {
                long t0 = Stopwatch.GetTimestamp();
                a.SendTo(payload, SocketFlags.None, addressB);
                if (!echoed.Wait(1000)) continue;
                if (i >= 500) samples.Add(Stopwatch.GetElapsedTime(t0, Volatile.Read(ref echoAt)).TotalMicroseconds);
            }
            stop.Cancel();
            a.Dispose();
            b.Dispose();
            ta.Join(1000);
            tb.Join(1000);
            if (run == 0) continue;
            medians.Add(new Stats(samples).Median);
            pooled.AddRange(samples);
        }
        var p = new Stats(pooled);
        Report.Line($"COSTS raw .NET UDP round trip, {size} B, 127.0.0.1, transport's receive pattern: median of run medians {Report.F(new Stats(medians).Median)} µs " +
                    $"(runs {Report.F(new Stats(medians).Min)}–{Report.F(new Stats(medians).Max)}), pooled p99 {Report.F(p.Percentile(99))} µs");
        Report.Json("costs-raw-rtt", new { size, median = new Stats(medians).Median, p99 = p.Percentile(99) });
    }

    private static void RawUdpBlast(int size, int runs, TimeSpan duration)
    {
        var rates = new List<double>();
        for (int run = 0; run <= runs; run++)
        {
            var (a, b) = Pair();
            b.ReceiveBufferSize = 4 * 1024 * 1024;
            using var stop = new CancellationTokenSource();
            var addressB = ((IPEndPoint)b.LocalEndPoint!).Serialize();
            long received = 0;
            var tb = Receiver(b, _ => Interlocked.Increment(ref received), stop.Token);
            var payload = RoundTripBenchmark.Payload(size);
            var sender = new Thread(() =>
            {
                while (!stop.IsCancellationRequested)
                {
                    try { a.SendTo(payload, SocketFlags.None, addressB); }
                    catch (SocketException) { Thread.Yield(); }
                    catch (ObjectDisposedException) { return; }
                }
            }) { IsBackground = true };
            sender.Start();
            Thread.Sleep(500);
            long r0 = Interlocked.Read(ref received);
            var watch = Stopwatch.StartNew();
            Thread.Sleep(duration);
            long r1 = Interlocked.Read(ref received);
            var elapsed = watch.Elapsed;
            stop.Cancel();
            sender.Join(1000);
            a.Dispose();
            b.Dispose();
            tb.Join(1000);
            if (run > 0) rates.Add((r1 - r0) / elapsed.TotalSeconds);
        }
        var s = new Stats(rates);
        Report.Line($"COSTS raw .NET UDP blast, {size} B, 1 sender → 1 receiver thread, 127.0.0.1: median {Report.F(s.Median, "0")} datagrams/s received (runs {Report.F(s.Min, "0")}–{Report.F(s.Max, "0")})");
        Report.Json("costs-raw-blast", new { size, median = s.Median, min = s.Min, max = s.Max });
    }
}
