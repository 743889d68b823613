namespace Ocf.Ipc;

/// <summary>Settings of the local client-server API endpoint (<see cref="OcfIpcServer"/>).</summary>
public sealed record OcfIpcServerOptions
{
    /// <summary>Unix domain socket path (Linux/Unix) or pipe name (Windows, without the \\.\pipe\ prefix). Default: <see cref="DefaultEndpoint"/>.</summary>
    public string? Endpoint { get; init; }
    /// <summary>A group whose members may call (besides root and the server's own user). Checked against the peer's gid and supplementary groups.</summary>
    public uint? AllowedGroupId { get; init; }
    /// <summary>Largest request body; a larger Content-Length is answered 413.</summary>
    public int MaxBodyBytes { get; init; } = 1024 * 1024;
    /// <summary>Largest request line plus headers; more is answered 431.</summary>
    public int MaxHeaderBytes { get; init; } = 16 * 1024;
    /// <summary>Time a client has to send one whole request (head and body) once it started it; then 408 and the connection is closed.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(10);
    /// <summary>Time an idle keep-alive connection is kept open waiting for the next request.</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromSeconds(60);
    /// <summary>Connections served at once; further clients wait in the listen backlog.</summary>
    public int MaxConnections { get; init; } = 256;
    /// <summary>Mode of the socket file (Unix only).</summary>
    public UnixFileMode SocketFileMode { get; init; } =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite;
    /// <summary>Listen backlog.</summary>
    public int Backlog { get; init; } = 512;

    /// <summary>
    /// The per-node default: on Windows the pipe name <c>ocf-{node}</c>; on Unix <c>/run/ocf/{node}.sock</c> for root,
    /// else <c>$XDG_RUNTIME_DIR/ocf/{node}.sock</c> (or the temp directory).
    /// </summary>
    public static string DefaultEndpoint(string nodeName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(nodeName);
        if (OperatingSystem.IsWindows()) return $"ocf-{nodeName}";
        string dir = OcfPeerCredentials.EffectiveUserId() == 0 ? "/run/ocf"
            : Path.Combine(Environment.GetEnvironmentVariable("XDG_RUNTIME_DIR") is { Length: > 0 } x ? x : Path.GetTempPath(), "ocf");
        return Path.Combine(dir, nodeName + ".sock");
    }
}
