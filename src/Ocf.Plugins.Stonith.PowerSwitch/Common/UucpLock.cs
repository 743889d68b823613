using System.Diagnostics;
using System.Globalization;
using Ocf.Stonith;

namespace Ocf.Plugins.Stonith.PowerSwitch.Common;

/// <summary>
/// The UUCP lock of a serial port (FHS 2.1, 5.6): <c>&lt;lock dir&gt;/LCK..&lt;base name of the device&gt;</c> holding the
/// owner's PID in HDB format (ten characters, right-aligned, then a newline). A lock whose PID no longer runs is stale
/// and removed; a live one means the port is busy. Windows has no such convention (COM ports are opened exclusively),
/// so no lock is taken there.
/// </summary>
internal sealed class UucpLock : IDisposable
{
    private static readonly TimeSpan RetryInterval = TimeSpan.FromMilliseconds(100);
    /// <summary>A lock file still empty this long after it was created is abandoned, not being written.</summary>
    private static readonly TimeSpan WriteGrace = TimeSpan.FromSeconds(1);

    private readonly string _path;
    private readonly int _pid;

    private UucpLock(string path, int pid)
    {
        _path = path;
        _pid = pid;
    }

    public string Path => _path;

    /// <summary>Whether this platform uses lock files for serial ports.</summary>
    public static bool Applies => !OperatingSystem.IsWindows();

    /// <summary>LCK.. plus the base name of the device (/dev/ttyS0 → LCK..ttyS0).</summary>
    public static string LockFileName(string port) => "LCK.." + System.IO.Path.GetFileName(port.TrimEnd('/'));

    /// <summary>The HDB content for a PID: "      1234\n".</summary>
    public static string Content(int pid) => pid.ToString(CultureInfo.InvariantCulture).PadLeft(10) + "\n";

    /// <summary>
    /// Takes the lock, waiting up to <paramref name="wait"/> while another live process holds it; null where locks do
    /// not apply. A held lock after the wait is <see cref="OcfStonithFailureKind.Busy"/>.
    /// </summary>
    public static async Task<UucpLock?> AcquireAsync(string port, string lockDirectory, TimeSpan wait, string device, CancellationToken cancellationToken)
    {
        if (!Applies) return null;
        string path = System.IO.Path.Combine(lockDirectory, LockFileName(port));
        int self = Environment.ProcessId;
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (TryCreate(path, self, device)) return new UucpLock(path, self);
            var (holder, age) = ReadHolder(path);
            if (holder is null && age is null) continue; // vanished between our attempts: try again at once
            bool stale = holder switch
            {
                null => age > WriteGrace, // empty or garbage: stale unless someone is writing it right now
                int pid => !IsAlive(pid),
            };
            if (stale)
            {
                TryDelete(path, device);
                continue;
            }
            if (clock.Elapsed >= wait)
                throw new OcfStonithException(OcfStonithFailureKind.Busy,
                    holder is int p
                        ? $"The serial port {port} of the {device} is locked by process {p} ({path})."
                        : $"The serial port {port} of the {device} is being locked by another process ({path}).",
                    "lock serial port");
            await Task.Delay(RetryInterval, cancellationToken).ConfigureAwait(false);
        }
    }

    private static bool TryCreate(string path, int pid, string device)
    {
        try
        {
            // CreateNew is O_CREAT|O_EXCL: of two processes creating the lock at once, exactly one succeeds.
            using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read);
            file.Write(System.Text.Encoding.ASCII.GetBytes(Content(pid)));
            return true;
        }
        catch (IOException) when (File.Exists(path))
        {
            return false;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new OcfStonithException(OcfStonithFailureKind.PluginError,
                $"Cannot create the serial port lock {path} for the {device}: {e.Message} (lock_dir must be a writable directory).",
                "lock serial port", inner: e);
        }
    }

    /// <summary>The PID in the lock (null when empty or unreadable) and the file's age (null when it is gone).</summary>
    private static (int? Pid, TimeSpan? Age) ReadHolder(string path)
    {
        try
        {
            var age = DateTime.UtcNow - File.GetLastWriteTimeUtc(path);
            string text = File.ReadAllText(path, System.Text.Encoding.ASCII).Trim();
            // HDB is text; the old binary format (a 4-byte int) is not used on Linux and reads as garbage here.
            return (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int pid) && pid > 0 ? pid : null, age);
        }
        catch (FileNotFoundException)
        {
            return (null, null);
        }
        catch (DirectoryNotFoundException)
        {
            return (null, null);
        }
    }

    internal static bool IsAlive(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return true;
        }
        catch (ArgumentException)
        {
            return false; // no such process
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static void TryDelete(string path, string device)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new OcfStonithException(OcfStonithFailureKind.Busy,
                $"The serial port lock {path} of the {device} is stale but cannot be removed: {e.Message}", "lock serial port", inner: e);
        }
    }

    /// <summary>Removes the lock if it is still ours.</summary>
    public void Dispose()
    {
        try
        {
            if (ReadHolder(_path).Pid == _pid) File.Delete(_path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Best effort: a lock left behind is stale once we exit and the next user removes it.
        }
    }
}
