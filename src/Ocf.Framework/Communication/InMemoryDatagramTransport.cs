namespace Ocf.Communication;

/// <summary>One node's endpoint on an <see cref="InMemoryDatagramNetwork"/>.</summary>
public sealed class InMemoryDatagramTransport : IOcfDatagramTransport
{
    private readonly InMemoryDatagramNetwork _network;
    private volatile OcfDatagramHandler? _handler;
    private volatile bool _disposed;

    internal InMemoryDatagramTransport(InMemoryDatagramNetwork network, uint nodeId, int maxDatagramSize)
    {
        _network = network;
        NodeId = nodeId;
        MaxDatagramSize = maxDatagramSize;
    }

    public uint NodeId { get; }
    public int MaxDatagramSize { get; }

    public void Start(OcfDatagramHandler handler) => _handler = handler ?? throw new ArgumentNullException(nameof(handler));

    public void Send(uint destination, ReadOnlySpan<byte> datagram)
    {
        if (_disposed) return;
        _network.Send(this, destination, datagram);
    }

    internal void Receive(byte[] datagram)
    {
        if (!_disposed) _handler?.Invoke(datagram);
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _network.Detach(this);
    }
}
