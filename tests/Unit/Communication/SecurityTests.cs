using System.Buffers.Binary;
using Ocf.Communication;
using Xunit;

namespace Ocf.Tests.Communication;

/// <summary>
/// Attacks on a running 3-node cluster (HMAC + AES-GCM): each bad datagram is dropped, counted under exactly its
/// reason, never delivered, and the node keeps delivering good traffic.
/// </summary>
public sealed class SecurityTests : IDisposable
{
    private readonly ClusterHarness _cluster;
    private readonly List<InMemoryDatagram> _captured = [];

    public SecurityTests()
    {
        _cluster = new ClusterHarness(3, 51, configure: o => o with { ReplayWindow = 64 });
        _cluster.Network.Tap = d => _captured.Add(d);
        Assert.True(_cluster.RunUntil(_cluster.ViewsConverged, TimeSpan.FromSeconds(3)));
    }

    public void Dispose() => _cluster.Dispose();

    private HarnessNode Victim => _cluster[1];

    private byte[] CaptureData(uint from, uint to)
    {
        int before = _captured.Count;
        Assert.True(_cluster[from].Node.Broadcast("genuine"u8).IsAccepted);
        var packet = _captured.Skip(before).First(d => d.From == from && d.To == to && d.Data[3] == (byte)OcfPacketType.Data);
        _cluster.Advance(TimeSpan.FromMilliseconds(50));
        return packet.Data;
    }

    /// <summary>Injects <paramref name="datagram"/> to the victim and checks it was dropped for <paramref name="reason"/> only.</summary>
    private void AssertDropped(byte[] datagram, OcfDropReason reason, uint from = 2)
    {
        var before = Victim.Node.Counters;
        int delivered = Victim.Deliveries.Count;
        _cluster.Network.Inject(from, Victim.Id, datagram);
        _cluster.Advance(TimeSpan.FromMilliseconds(5));
        var after = Victim.Node.Counters;
        Assert.Equal(before[reason] + 1, after[reason]);
        Assert.Equal(before.DroppedTotal + 1, after.DroppedTotal);
        Assert.Equal(delivered, Victim.Deliveries.Count);
        Assert.Contains(Victim.EventsOf<OcfPacketDropped>(), e => e.Reason == reason);
        AssertStillDelivers();
    }

    private void AssertStillDelivers()
    {
        int expected = Victim.Deliveries.Count + 2;
        Assert.True(_cluster[2].Node.Broadcast("still here"u8).IsAccepted);
        Assert.True(_cluster[3].Node.Broadcast("me too"u8).IsAccepted);
        Assert.True(_cluster.RunUntil(() => Victim.Deliveries.Count == expected, TimeSpan.FromSeconds(1)));
        Assert.Equal(OcfEngineState.Running, Victim.Node.State);
    }

    private byte[] Forge(OcfPacketPipeline pipeline, OcfPacketType type, ReadOnlySpan<byte> body, string cluster = "test", ulong sequence = 1_000_000)
    {
        var header = new OcfPacketHeader
        {
            Type = type,
            ClusterHash = OcfPacketHeader.ComputeClusterHash(cluster),
            Sender = 2,
            Destination = 1,
            SenderIncarnation = _cluster[2].Incarnation,
            DestinationIncarnation = Victim.Incarnation,
            Sequence = sequence,
        };
        var buffer = new byte[2000];
        int length = pipeline.Seal(header, body, buffer);
        return buffer[..length];
    }

    private static byte[] Resign(byte[] datagram, OcfKeyStore keys)
    {
        var header = OcfPacketHeader.Read(datagram);
        int signed = OcfPacketHeader.Size + header.BodyLength;
        new OcfHmacAuthenticator(keys).Sign(header.KeyId, datagram.AsSpan(0, signed), datagram.AsSpan(signed));
        return datagram;
    }

    [Fact]
    public void A_wrong_key_under_the_same_key_id_fails_the_signature()
    {
        var rogue = OcfPacketPipeline.CreateDefault(new OcfKeyStore(new OcfKeyRing(1, OcfKeyRing.GenerateKey())));
        AssertDropped(Forge(rogue, OcfPacketType.Membership, [1]), OcfDropReason.BadSignature);
    }

    [Fact]
    public void A_key_id_not_in_the_ring_is_an_unknown_key()
    {
        var rogue = OcfPacketPipeline.CreateDefault(new OcfKeyStore(new OcfKeyRing(7, OcfKeyRing.GenerateKey())));
        AssertDropped(Forge(rogue, OcfPacketType.Membership, [1]), OcfDropReason.UnknownKey);
    }

    [Fact]
    public void A_forged_hmac_or_a_tampered_header_fails_the_signature()
    {
        var packet = CaptureData(2, 1);
        var forgedTag = (byte[])packet.Clone();
        forgedTag[^1] ^= 0x01;
        AssertDropped(forgedTag, OcfDropReason.BadSignature);
        var tampered = (byte[])packet.Clone();
        BinaryPrimitives.WriteUInt64LittleEndian(tampered.AsSpan(36), 999_999); // a fresh-looking sequence number
        AssertDropped(tampered, OcfDropReason.BadSignature);
    }

    [Fact]
    public void A_replayed_packet_of_the_same_incarnation_is_refused()
    {
        var packet = CaptureData(2, 1);
        AssertDropped(packet, OcfDropReason.Replayed);
        AssertDropped(packet, OcfDropReason.Replayed);
    }

    [Fact]
    public void A_replayed_packet_older_than_the_replay_window_is_refused()
    {
        var packet = CaptureData(2, 1);
        for (int i = 0; i < 70; i++) _cluster[2].Node.Broadcast([(byte)i]); // 70 newer packets to node 1 (window 64)
        _cluster.Advance(TimeSpan.FromMilliseconds(100));
        AssertDropped(packet, OcfDropReason.TooOld);
    }

    [Fact]
    public void A_replayed_packet_of_an_older_incarnation_is_refused()
    {
        var packet = CaptureData(2, 1);
        _cluster.Crash(2);
        _cluster.Start(2);
        Assert.True(_cluster.RunUntil(_cluster.ViewsConverged, TimeSpan.FromSeconds(2)));
        AssertDropped(packet, OcfDropReason.StaleIncarnation);
    }

    [Fact]
    public void Truncated_datagrams_are_refused()
    {
        var packet = CaptureData(2, 1);
        AssertDropped(packet[..^10], OcfDropReason.Truncated);
        AssertDropped(packet[..20], OcfDropReason.Truncated);
        AssertDropped([], OcfDropReason.Truncated);
    }

    [Fact]
    public void Oversized_datagrams_are_refused()
    {
        var packet = CaptureData(2, 1);
        AssertDropped([.. packet, .. new byte[1400]], OcfDropReason.Oversized);
        AssertDropped(new byte[65_000], OcfDropReason.Oversized);
    }

    [Fact]
    public void Corrupted_ciphertext_fails_the_signature_and_if_resigned_the_decryption()
    {
        var packet = CaptureData(2, 1);
        var corrupted = (byte[])packet.Clone();
        corrupted[OcfPacketHeader.Size + 20] ^= 0x40;
        AssertDropped(corrupted, OcfDropReason.BadSignature);
        // An insider holding the HMAC key but not producing valid ciphertext: the AES-GCM tag catches it.
        AssertDropped(Resign(corrupted, Victim.Keys), OcfDropReason.DecryptFailed);
    }

    [Fact]
    public void Plaintext_is_refused_when_encryption_is_configured()
    {
        var signingOnly = new OcfPacketPipeline(new OcfHmacAuthenticator(new OcfKeyStore(_cluster.Ring)));
        AssertDropped(Forge(signingOnly, OcfPacketType.Membership, [1]), OcfDropReason.PlaintextRefused);
    }

    [Fact]
    public void Packets_of_another_cluster_or_for_another_node_are_refused()
    {
        var sameKey = OcfPacketPipeline.CreateDefault(new OcfKeyStore(_cluster.Ring));
        AssertDropped(Forge(sameKey, OcfPacketType.Membership, [1], cluster: "other"), OcfDropReason.WrongCluster);
        int before = _captured.Count;
        _cluster[2].Node.Broadcast("for node 3"u8);
        var toThree = _captured.Skip(before).First(d => d.From == 2 && d.To == 3).Data;
        _cluster.Advance(TimeSpan.FromMilliseconds(50));
        AssertDropped(toThree, OcfDropReason.Misdirected);
        AssertDropped(Reflect(Forge(sameKey, OcfPacketType.Membership, [1])), OcfDropReason.Reflected, from: 1);
    }

    /// <summary>Re-signs a forged packet as if node 1 (the victim) had sent it to itself.</summary>
    private byte[] Reflect(byte[] datagram)
    {
        var header = OcfPacketHeader.Read(datagram);
        var pipeline = OcfPacketPipeline.CreateDefault(new OcfKeyStore(_cluster.Ring));
        var buffer = new byte[2000];
        int length = pipeline.Seal(header with { Sender = 1, SenderIncarnation = Victim.Incarnation }, [1], buffer);
        return buffer[..length];
    }

    [Fact]
    public void Garbage_of_any_shape_is_counted_and_never_delivered()
    {
        var random = new Random(5);
        var before = Victim.Node.Counters;
        for (int i = 0; i < 200; i++)
        {
            var junk = new byte[random.Next(0, 1600)];
            random.NextBytes(junk);
            if (junk.Length > 2 && i % 2 == 0) { junk[0] = (byte)'O'; junk[1] = (byte)'C'; junk[2] = 1; }
            _cluster.Network.Inject(2, 1, junk);
        }
        _cluster.Advance(TimeSpan.FromMilliseconds(10));
        Assert.Equal(before.DroppedTotal + 200, Victim.Node.Counters.DroppedTotal);
        var reports = Victim.EventsOf<OcfPacketDropped>().ToList();
        Assert.True(reports.Count < 20, "drops are reported once per reason per interval, the rest counted as suppressed");
        AssertStillDelivers();
    }
}
