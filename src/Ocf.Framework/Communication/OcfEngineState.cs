namespace Ocf.Communication;

/// <summary>The local node's lifecycle in the communication engine.</summary>
public enum OcfEngineState
{
    NotStarted,
    Running,
    /// <summary>Graceful leave in progress: flushing outstanding messages, then announcing the leave.</summary>
    Leaving,
    /// <summary>Left: the engine sends nothing more.</summary>
    Left,
}
