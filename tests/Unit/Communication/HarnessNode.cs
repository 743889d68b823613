using Ocf.Communication;
using Ocf.Membership;

namespace Ocf.Tests.Communication;

/// <summary>One node of a <see cref="ClusterHarness"/> and everything it reported.</summary>
public sealed class HarnessNode
{
    public HarnessNode(uint id, ulong incarnation, OcfClusterNode node, OcfKeyStore keys, StallableTimeProvider clock, OcfPacketPipeline pipeline)
    {
        Id = id;
        Incarnation = incarnation;
        Node = node;
        Keys = keys;
        Clock = clock;
        Pipeline = pipeline;
        node.EventRaised += e =>
        {
            Events.Add(e);
            switch (e)
            {
                case OcfMessageDelivered d: Deliveries.Add(d); break;
                case OcfViewChanged v: Views.Add(v); break;
            }
        };
    }

    public uint Id { get; }
    public ulong Incarnation { get; }
    public OcfClusterNode Node { get; }
    public OcfKeyStore Keys { get; }
    public StallableTimeProvider Clock { get; }
    public OcfPacketPipeline Pipeline { get; }
    public bool IsRunning { get; private set; } = true;
    public List<OcfClusterEvent> Events { get; } = [];
    public List<OcfMessageDelivered> Deliveries { get; } = [];
    public List<OcfViewChanged> Views { get; } = [];

    public IEnumerable<T> EventsOf<T>() where T : OcfClusterEvent => Events.OfType<T>();

    public void Crash()
    {
        if (!IsRunning) return;
        IsRunning = false;
        Node.Dispose();
    }

    /// <summary>Marks the node stopped after a completed graceful leave (and releases its endpoint).</summary>
    public void Stopped() => Crash();
}
