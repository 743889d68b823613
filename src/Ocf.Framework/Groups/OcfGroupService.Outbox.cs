using Microsoft.Extensions.Logging;
using Ocf.Communication;
using Ocf.Membership;
using Ocf.Node;

namespace Ocf.Groups;

public sealed partial class OcfGroupService
{
    /// <summary>A message waiting for the send window, tagged with the view it belongs to (dropped once that view is over).</summary>
    private sealed record Outgoing(OcfViewId Tag, byte[] Bytes);

    private readonly object _outboxGate = new();
    private readonly object _pumpGate = new();
    private readonly LinkedList<Outgoing> _outbox = new();
    [ThreadStatic] private static bool t_pumping;

    /// <summary>
    /// Queues a protocol message. Protocol messages are never refused for a full window: they wait here, in order
    /// (the sequencer's order and the flush depend on this node's stream staying FIFO).
    /// </summary>
    private void Enqueue(OcfViewId tag, byte[] bytes)
    {
        lock (_outboxGate) _outbox.AddLast(new Outgoing(tag, bytes));
    }

    /// <summary>Drops queued messages of views before <paramref name="view"/>: their operations are resubmitted after the flush.</summary>
    private void PurgeBefore(OcfViewId view)
    {
        lock (_outboxGate)
        {
            for (var node = _outbox.First; node is not null;)
            {
                var next = node.Next;
                if (node.Value.Tag < view) _outbox.Remove(node);
                node = next;
            }
        }
    }

    private int OutboxCount { get { lock (_outboxGate) return _outbox.Count; } }

    /// <summary>
    /// Sends queued messages until the window is full. Never called under <see cref="_gate"/>: sending can dispatch this
    /// node's own deliveries on this thread, which take the lock. A nested call on the same thread leaves the work to the
    /// outer loop.
    /// </summary>
    private void Pump()
    {
        if (t_pumping) return;
        lock (_pumpGate)
        {
            t_pumping = true;
            try
            {
                while (true)
                {
                    Outgoing? next;
                    lock (_outboxGate) next = _outbox.First?.Value;
                    if (next is null) return;
                    var result = _runtime.Send(OcfPorts.Groups, next.Bytes);
                    if (result.Status == OcfSendStatus.WindowFull) return; // OcfSendWindowOpened or the timer pumps again
                    if (result.Status == OcfSendStatus.NotRunning)
                    {
                        lock (_outboxGate) _outbox.Clear();
                        return;
                    }
                    if (result.Status == OcfSendStatus.TooLarge)
                        _logger.LogError("A group protocol message of {Length} bytes exceeds the node's maximum message size: dropped", next.Bytes.Length);
                    lock (_outboxGate)
                    {
                        if (ReferenceEquals(_outbox.First?.Value, next)) _outbox.RemoveFirst();
                    }
                }
            }
            finally { t_pumping = false; }
        }
    }
}
