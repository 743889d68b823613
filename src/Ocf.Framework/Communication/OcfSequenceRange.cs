namespace Ocf.Communication;

/// <summary>A run of stream sequences <see cref="First"/> .. First + Count − 1 (in NACKs).</summary>
public readonly record struct OcfSequenceRange(long First, int Count)
{
    public long Last => First + Count - 1;
}
