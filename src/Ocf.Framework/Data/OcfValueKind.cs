namespace Ocf.Data;

/// <summary>The kinds of wrapped value (the paper's "wrapped structures").</summary>
public enum OcfValueKind
{
    Nil,
    String,
    Integer,
    Boolean,
    Double,
    DateTime,
    Binary,
    List,
    Map,
}
