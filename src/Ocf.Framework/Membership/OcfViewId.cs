namespace Ocf.Membership;

/// <summary>
/// A view's id: an epoch that grows with every proposal, and the node (incarnation) that proposed it — so two
/// partitions proposing at once, or a restarted node reusing an epoch, never produce one id with different members.
/// Ordered by epoch, then coordinator, then its incarnation.
/// </summary>
public readonly record struct OcfViewId(long Epoch, uint Coordinator, ulong CoordinatorIncarnation) : IComparable<OcfViewId>
{
    public static readonly OcfViewId None = default;

    public int CompareTo(OcfViewId other) =>
        Epoch != other.Epoch ? Epoch.CompareTo(other.Epoch)
        : Coordinator != other.Coordinator ? Coordinator.CompareTo(other.Coordinator)
        : CoordinatorIncarnation.CompareTo(other.CoordinatorIncarnation);

    public static bool operator <(OcfViewId a, OcfViewId b) => a.CompareTo(b) < 0;
    public static bool operator >(OcfViewId a, OcfViewId b) => a.CompareTo(b) > 0;
    public static bool operator <=(OcfViewId a, OcfViewId b) => a.CompareTo(b) <= 0;
    public static bool operator >=(OcfViewId a, OcfViewId b) => a.CompareTo(b) >= 0;

    public override string ToString() => $"{Epoch}.{Coordinator}@{CoordinatorIncarnation}";
}
