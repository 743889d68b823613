namespace Ocf.Communication;

/// <summary>
/// Replay protection for one sender: its highest incarnation and a sliding bitmap of the last <c>size</c> packet
/// sequences (IPsec-style). Older incarnations, sequences seen before and sequences below the window are refused.
/// <see cref="Check"/> is side-effect free; <see cref="Accept"/> is called only once the packet proved authentic.
/// </summary>
internal sealed class OcfReplayWindow
{
    private readonly ulong[] _bits;
    private readonly int _size;
    private ulong _incarnation;
    private ulong _highest;
    private bool _any;

    public OcfReplayWindow(int size)
    {
        if (size < 64 || size % 64 != 0) throw new ArgumentOutOfRangeException(nameof(size), "a multiple of 64, at least 64");
        _size = size;
        _bits = new ulong[size / 64];
    }

    public ulong Incarnation => _incarnation;

    public OcfDropReason? Check(ulong incarnation, ulong sequence)
    {
        if (incarnation < _incarnation) return OcfDropReason.StaleIncarnation;
        if (incarnation > _incarnation || !_any || sequence > _highest) return null;
        if (_highest - sequence >= (ulong)_size) return OcfDropReason.TooOld;
        return IsSet(sequence) ? OcfDropReason.Replayed : null;
    }

    public void Accept(ulong incarnation, ulong sequence)
    {
        if (incarnation > _incarnation)
        {
            _incarnation = incarnation;
            Array.Clear(_bits);
            _any = false;
        }
        if (!_any)
        {
            _highest = sequence;
            _any = true;
        }
        else if (sequence > _highest)
        {
            ulong shift = sequence - _highest;
            if (shift >= (ulong)_size) Array.Clear(_bits);
            else for (ulong s = _highest + 1; s <= sequence; s++) Clear(s);
            _highest = sequence;
        }
        Set(sequence);
    }

    private bool IsSet(ulong s) => (_bits[(int)(s % (ulong)_size) >> 6] & (1UL << (int)(s & 63))) != 0;
    private void Set(ulong s) => _bits[(int)(s % (ulong)_size) >> 6] |= 1UL << (int)(s & 63);
    private void Clear(ulong s) => _bits[(int)(s % (ulong)_size) >> 6] &= ~(1UL << (int)(s & 63));
}
