using System.Buffers;
using System.IO.Compression;
using Ocf.Communication;
using Ocf.Configuration;
using Ocf.Data;
using Ocf.Node;
using Ocf.Plugins;
using Ocf.Plugins.Comm.Brotli;
using Ocf.Plugins.Comm.Udp;
using Xunit;
using static Ocf.Tests.Transport.Udp.UdpTestKit;

namespace Ocf.Tests.Transport.Brotli;

/// <summary>The brotli packet-transform module: the codec's bounds, and a cluster that loads it by name from its configuration.</summary>
public sealed class BrotliTransformTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ocf-brotli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static byte[] Text(int length) =>
        System.Text.Encoding.ASCII.GetBytes(string.Concat(Enumerable.Range(0, length / 5 + 1).Select(i => $"node{i % 7}=up;"))[..length]);

    private static byte[] Decode(IOcfPacketTransform t, ReadOnlySpan<byte> data, int max)
    {
        var output = new ArrayBufferWriter<byte>();
        t.Decode(new OcfTransformContext(0, default, max), data, output);
        return output.WrittenSpan.ToArray();
    }

    [Fact]
    public void Compressible_messages_round_trip_and_small_or_random_ones_are_left_alone()
    {
        var t = new BrotliTransform(threshold: 100);
        var message = Text(50_000);
        var encoded = new ArrayBufferWriter<byte>();
        Assert.True(t.TryEncode(new OcfTransformContext(0, default, int.MaxValue), message, encoded));
        Assert.True(encoded.WrittenCount < message.Length / 10, $"{encoded.WrittenCount} bytes");
        Assert.Equal(message, Decode(t, encoded.WrittenSpan, 256 * 1024));

        Assert.False(t.TryEncode(new OcfTransformContext(0, default, int.MaxValue), Text(99), new ArrayBufferWriter<byte>()));
        var random = new byte[4096];
        new Random(3).NextBytes(random);
        var none = new ArrayBufferWriter<byte>();
        Assert.False(t.TryEncode(new OcfTransformContext(0, default, int.MaxValue), random, none));
        Assert.Equal(0, none.WrittenCount);
    }

    [Fact]
    public void A_bomb_truncated_or_corrupt_input_is_a_packet_error_not_an_allocation()
    {
        var t = new BrotliTransform();
        byte[] bomb = new byte[BrotliEncoder.GetMaxCompressedLength(16 << 20)];
        Assert.True(BrotliEncoder.TryCompress(new byte[16 << 20], bomb, out int n, 11, 22));
        var e = Assert.Throws<OcfPacketException>(() => Decode(t, bomb.AsSpan(0, n), 256 * 1024));
        Assert.Equal(OcfDropReason.DecompressFailed, e.Reason);
        Assert.Contains("beyond 262144", e.Message);

        var good = new ArrayBufferWriter<byte>();
        Assert.True(t.TryEncode(new OcfTransformContext(0, default, int.MaxValue), Text(20_000), good));
        var truncated = good.WrittenSpan[..(good.WrittenCount / 2)].ToArray();
        Assert.Equal(OcfDropReason.DecompressFailed, Assert.Throws<OcfPacketException>(() => Decode(t, truncated, 256 * 1024)).Reason);
        var corrupt = good.WrittenSpan.ToArray();
        for (int i = 0; i < corrupt.Length; i += 7) corrupt[i] ^= 0x5A;
        Assert.Equal(OcfDropReason.DecompressFailed, Assert.Throws<OcfPacketException>(() => Decode(t, corrupt, 256 * 1024)).Reason);
        var trailing = good.WrittenSpan.ToArray().Append((byte)1).ToArray();
        Assert.Equal(OcfDropReason.DecompressFailed, Assert.Throws<OcfPacketException>(() => Decode(t, trailing, 256 * 1024)).Reason);
    }

    [Fact]
    public void The_plugin_validates_its_fields()
    {
        var plugin = new BrotliTransformPlugin();
        var e = Assert.Throws<OcfValidationException>(() => plugin.Create(new OcfMapBuilder().Add("quality", 12L).Build(), new OcfKeyStore(new OcfKeyRing(1, OcfKeyRing.GenerateKey()))));
        Assert.Contains(e.Problems, p => p.Path == "quality" && p.Code == "OutOfRange");
    }

    private OcfClusterConfiguration Configuration(string compression)
    {
        string key = Path.Combine(_dir, "authkey");
        if (!File.Exists(key)) OcfKeyFile.Generate(key);
        return new OcfClusterConfiguration { ClusterName = "br", Nodes = Nodes("127.0.0.1", 2), AuthKey = key, Compression = compression, Keepalive = TimeSpan.FromMilliseconds(100) };
    }

    private static OcfPluginManager Manager()
    {
        // Both modules load from their build output into their own load contexts, as from a plugin folder.
        var manager = new OcfPluginManager(new Ocf.Encoding.OcfCodecRegistry());
        string built = Path.Combine(Ocf.Tests.Plugins.TestModules.RepoRoot, "src", "Ocf.Plugins.Comm.Brotli", "bin", Ocf.Tests.Plugins.TestModules.Configuration, "net8.0");
        Assert.True(File.Exists(Path.Combine(built, "Ocf.Plugins.Comm.Brotli.dll")), $"the brotli module is not built at {built}");
        manager.AddSearchPath(built);
        manager.LoadModule(typeof(UdpTransportPlugin).Assembly.Location);
        return manager;
    }

    [Fact]
    public async Task A_cluster_configured_for_brotli_loads_the_module_and_delivers_compressed_messages()
    {
        var manager = Manager();
        var configuration = Configuration("brotli");
        Assert.Equal("brotli", OcfClusterConfiguration.FromValue(configuration.ToValue()).Compression);
        await using var a = OcfNodeRuntime.Create(configuration, "node1", manager);
        await using var b = OcfNodeRuntime.Create(configuration, "node2", manager);
        Assert.StartsWith("compress: brotli, encrypt: aes-gcm", a.PacketEncoding);
        Assert.Contains(manager.LoadedModules, m => m.Name == "Ocf.Plugins.Comm.Brotli");
        a.Start();
        b.Start();
        await Ocf.Tests.Node.RuntimeCluster.WaitUntilAsync(() => a.View?.Members.Length == 2 && b.View?.Members.Length == 2, TimeSpan.FromSeconds(15), "a view of both");

        var message = Text(250_000);
        long sentBefore = a.Counters.DatagramsSent;
        Assert.True((await a.SendAsync(OcfPorts.Application, message)).IsAccepted);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        await foreach (var e in b.Events.ReadAllAsync(cts.Token))
        {
            if (e is not OcfMessageDelivered m) continue;
            Assert.Equal(message, m.Payload.ToArray());
            break;
        }
        // Compressed: far fewer datagrams than the ~200 fragments 250 kB takes at the MTU (heartbeats included).
        long sent = a.Counters.DatagramsSent - sentBefore;
        Assert.True(sent < 60, $"{sent} datagrams");
    }

    [Fact]
    public void An_unknown_or_wrong_stage_compression_is_refused_by_name()
    {
        var manager = Manager();
        var e = Assert.Throws<OcfPluginException>(() => OcfNodeRuntime.Create(Configuration("zstd"), "node1", manager));
        Assert.Contains("'zstd'", e.Message);
        var v = Assert.Throws<OcfValidationException>(() => OcfNodeRuntime.Create(Configuration("aes-gcm"), "node1", manager));
        Assert.Contains(v.Problems, p => p.Path == "compression" && p.Code == "WrongStage");
        using var none = OcfNodeRuntime.Create(Configuration("none"), "node1", manager).AsDisposable();
    }
}

internal static class RuntimeDisposal
{
    public static IDisposable AsDisposable(this OcfNodeRuntime runtime) => new D(runtime);
    private sealed class D(OcfNodeRuntime r) : IDisposable { public void Dispose() => r.DisposeAsync().AsTask().GetAwaiter().GetResult(); }
}
