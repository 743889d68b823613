namespace Ocf.Communication;

/// <summary>Where in the fixed pipeline (compress → encrypt → sign) a transform runs.</summary>
public enum OcfTransformStage
{
    /// <summary>On a whole message, before it is fragmented (compression).</summary>
    Message,
    /// <summary>On each datagram body, after fragmentation, with the header as associated data (encryption).</summary>
    Datagram,
}
