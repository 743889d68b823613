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
    /// Windows: a group (name such as <c>DOMAIN\ocf-admins</c>, or a SID string) given read/write access to the pipe besides
    /// Administrators, LocalSystem and the server's own user. Ignored on Unix (use <see cref="AllowedGroupId"/>).
    /// </summary>
    public string? AllowedGroup { get; init; }

    /// <summary>
    /// The per-node default endpoint, the same for the daemon and for clients looking for it:
    /// Windows: the pipe name <c>ocf-{cluster}-{node}</c>. Unix: <c>/run/ocf/{cluster}-{node}.sock</c> when /run/ocf is
    /// writable (root, or a group-writable runtime directory), else <c>$XDG_RUNTIME_DIR/ocf/{cluster}-{node}.sock</c>,
    /// else <c>{temp}/ocf-{uid}/{cluster}-{node}.sock</c>.
    /// </summary>
    public static string DefaultEndpoint(string clusterName, string nodeName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(clusterName);
        ArgumentException.ThrowIfNullOrWhiteSpace(nodeName);
        string leaf = $"{clusterName}-{nodeName}";
        if (OperatingSystem.IsWindows()) return "ocf-" + leaf;
        return Path.Combine(DefaultDirectory(), leaf + ".sock");
    }

    /// <summary>The Unix directory this user's servers put their default sockets in (see <see cref="DefaultEndpoint"/>).</summary>
    public static string DefaultDirectory()
    {
        if (OperatingSystem.IsWindows()) return @"\\.\pipe\";
        if (OcfPeerCredentials.EffectiveUserId() == 0 || OcfPeerCredentials.IsWritableDirectory(SystemDirectory)) return SystemDirectory;
        if (Environment.GetEnvironmentVariable("XDG_RUNTIME_DIR") is { Length: > 0 } xdg) return Path.Combine(xdg, "ocf");
        return UserTempDirectory;
    }

    /// <summary>The system-wide socket directory on Unix.</summary>
    public const string SystemDirectory = "/run/ocf";

    private static string UserTempDirectory => Path.Combine(Path.GetTempPath(), "ocf-" + OcfPeerCredentials.EffectiveUserId().ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>
    /// The default endpoints that exist now (sockets in /run/ocf, $XDG_RUNTIME_DIR/ocf and this user's temp folder;
    /// on Windows the pipes named ocf-*), for clients that were given no endpoint. Sorted, without duplicates.
    /// </summary>
    public static IReadOnlyList<string> FindDefaultEndpoints()
    {
        var found = new SortedSet<string>(StringComparer.Ordinal);
        if (OperatingSystem.IsWindows())
        {
            try
            {
                foreach (var pipe in Directory.GetFiles(@"\\.\pipe\"))
                {
                    string name = Path.GetFileName(pipe);
                    if (name.StartsWith("ocf-", StringComparison.OrdinalIgnoreCase)) found.Add(name);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
            return [.. found];
        }
        var dirs = new List<string> { SystemDirectory };
        if (Environment.GetEnvironmentVariable("XDG_RUNTIME_DIR") is { Length: > 0 } xdg) dirs.Add(Path.Combine(xdg, "ocf"));
        dirs.Add(UserTempDirectory);
        foreach (var dir in dirs)
        {
            try
            {
                if (!Directory.Exists(dir)) continue;
                foreach (var f in Directory.EnumerateFiles(dir, "*.sock"))
                    if (!IsStale(f)) found.Add(f);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        }
        return [.. found];
    }

    /// <summary>A socket file nobody listens on (a daemon that was killed leaves one behind). Unix only.</summary>
    private static bool IsStale(string path)
    {
        using var probe = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.Unix, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Unspecified);
        try
        {
            probe.Connect(new System.Net.Sockets.UnixDomainSocketEndPoint(path));
            return false;
        }
        catch (System.Net.Sockets.SocketException e)
        {
            // Refused: nobody listens. Anything else (e.g. access denied) still names a server the caller should hear about.
            return e.SocketErrorCode == System.Net.Sockets.SocketError.ConnectionRefused;
        }
    }
}
