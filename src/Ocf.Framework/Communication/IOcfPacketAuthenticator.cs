namespace Ocf.Communication;

/// <summary>
/// Signs and verifies whole datagrams (plugin type "authentication"). Keys have ids (1–255) carried in the header:
/// during a key roll it verifies with every key it holds and signs with <see cref="SigningKeyId"/>.
/// </summary>
public interface IOcfPacketAuthenticator
{
    string Name { get; }
    /// <summary>Length of the tag appended to every datagram.</summary>
    int TagSize { get; }
    /// <summary>The key id new packets are signed with (read per packet, so a key roll takes effect at once).</summary>
    byte SigningKeyId { get; }
    /// <summary>Writes the tag of <paramref name="data"/> under key <paramref name="keyId"/> into <paramref name="tag"/> (<see cref="TagSize"/> bytes).</summary>
    void Sign(byte keyId, ReadOnlySpan<byte> data, Span<byte> tag);
    /// <summary>Checks the tag in constant time; never throws for bad input.</summary>
    OcfAuthenticationResult Verify(byte keyId, ReadOnlySpan<byte> data, ReadOnlySpan<byte> tag);
}
