namespace Ocf.Communication;

/// <summary>
/// How far one live member (one incarnation of it) is in the local stream: it receives from <see cref="Base"/> on
/// and has acknowledged everything up to <see cref="Acked"/>.
/// </summary>
internal sealed class OcfReceiverProgress(ulong incarnation, long @base)
{
    public ulong Incarnation { get; } = incarnation;
    public long Base { get; } = @base;
    public long Acked { get; set; } = @base - 1;
}
