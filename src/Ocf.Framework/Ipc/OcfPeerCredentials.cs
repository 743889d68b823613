using System.Globalization;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Ocf.Ipc;

/// <summary>Who is on the other end of a local connection, as the kernel reports it (SO_PEERCRED on Linux).</summary>
public sealed record OcfPeerCredentials(int ProcessId, uint UserId, uint GroupId)
{
    private const int SolSocket = 1;     // Linux SOL_SOCKET
    private const int SoPeerCred = 17;   // Linux SO_PEERCRED

    /// <summary>Reads SO_PEERCRED (struct ucred { pid_t pid; uid_t uid; gid_t gid; }) of a connected Unix socket; null where unsupported.</summary>
    public static OcfPeerCredentials? FromSocket(Socket socket)
    {
        if (!OperatingSystem.IsLinux()) return null;
        Span<byte> ucred = stackalloc byte[12];
        int n = socket.GetRawSocketOption(SolSocket, SoPeerCred, ucred);
        if (n < 12) return null;
        return new OcfPeerCredentials(
            MemoryMarshal.Read<int>(ucred),
            MemoryMarshal.Read<uint>(ucred[4..]),
            MemoryMarshal.Read<uint>(ucred[8..]));
    }

    /// <summary>The peer process's supplementary groups, from /proc/{pid}/status; empty if it cannot be read (e.g. the process is gone).</summary>
    public IReadOnlyList<uint> SupplementaryGroups()
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{ProcessId}/status"))
            {
                if (!line.StartsWith("Groups:", StringComparison.Ordinal)) continue;
                var groups = new List<uint>();
                foreach (var part in line["Groups:".Length..].Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries))
                    if (uint.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out uint g)) groups.Add(g);
                return groups;
            }
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        return [];
    }

    /// <summary>This process's effective user id (0 where there is none, i.e. Windows).</summary>
    public static uint EffectiveUserId() => OperatingSystem.IsWindows() ? 0 : NativeMethods.geteuid();

    public override string ToString() => $"pid {ProcessId}, uid {UserId}, gid {GroupId}";

    private static class NativeMethods
    {
        [DllImport("libc", SetLastError = false)]
        internal static extern uint geteuid();

        [DllImport("libc", SetLastError = true)]
        internal static extern int access([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int mode);

        [DllImport("libc", SetLastError = true)]
        internal static extern IntPtr getgrnam([MarshalAs(UnmanagedType.LPUTF8Str)] string name);

        [DllImport("libc", SetLastError = true)]
        internal static extern int chown([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int owner, int group);
    }

    /// <summary>True when this process may create files in <paramref name="path"/> (an existing directory; access(2) W_OK|X_OK). Unix only.</summary>
    public static bool IsWritableDirectory(string path) =>
        !OperatingSystem.IsWindows() && Directory.Exists(path) && NativeMethods.access(path, 2 | 1) == 0;

    /// <summary>
    /// A Unix group given as a number or a name (looked up with getgrnam, so NSS sources count); null when there is no such group.
    /// </summary>
    public static uint? ResolveGroup(string nameOrId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(nameOrId);
        if (uint.TryParse(nameOrId, NumberStyles.None, CultureInfo.InvariantCulture, out uint gid)) return gid;
        if (OperatingSystem.IsWindows()) return null;
        IntPtr group = NativeMethods.getgrnam(nameOrId);
        if (group == IntPtr.Zero) return null;
        // struct group { char *gr_name; char *gr_passwd; gid_t gr_gid; char **gr_mem; }
        return unchecked((uint)Marshal.ReadInt32(group, 2 * IntPtr.Size));
    }

    internal static bool TryChangeGroup(string path, uint gid) =>
        !OperatingSystem.IsWindows() && NativeMethods.chown(path, -1, unchecked((int)gid)) == 0;
}
