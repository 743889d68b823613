namespace Ocf.Communication;

/// <summary>
/// The current key ring, shared by the stages of one pipeline (authenticator, encryption). <see cref="Update"/> swaps it
/// atomically: rolling a key is updating every node's store in three steps (add the new key, sign with it, drop the old).
/// </summary>
public sealed class OcfKeyStore(OcfKeyRing initial)
{
    private OcfKeyRing _current = initial ?? throw new ArgumentNullException(nameof(initial));

    public OcfKeyRing Current => Volatile.Read(ref _current);

    public void Update(OcfKeyRing ring) => Volatile.Write(ref _current, ring ?? throw new ArgumentNullException(nameof(ring)));
}
