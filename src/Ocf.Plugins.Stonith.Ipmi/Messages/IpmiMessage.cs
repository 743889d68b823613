namespace Ocf.Plugins.Stonith.Ipmi.Messages;

/// <summary>Network function codes used here (requests; a response's is the request's + 1).</summary>
internal static class IpmiNetFn
{
    public const byte Chassis = 0x00;
    public const byte App = 0x06;
}

/// <summary>An IPMI request: network function, command and data (the BMC's address and LUN are fixed: 0x20, LUN 0).</summary>
internal sealed record IpmiRequest(byte NetFn, byte Command, byte[] Data, string Name)
{
    public override string ToString() => Name;
}

/// <summary>An IPMI response: the header fields a request is matched by, the completion code and the data after it.</summary>
internal sealed record IpmiResponse(byte NetFn, byte Command, byte RqSeq, byte CompletionCode, byte[] Data)
{
    /// <summary>True when this answers <paramref name="request"/> sent with <paramref name="rqSeq"/>.</summary>
    public bool Answers(IpmiRequest request, byte rqSeq) =>
        NetFn == (request.NetFn | 1) && Command == request.Command && RqSeq == (rqSeq & 0x3F);
}
