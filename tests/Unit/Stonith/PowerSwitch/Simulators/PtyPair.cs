namespace Ocf.Tests.Stonith.PowerSwitch.Simulators;

/// <summary>
/// Two linked pseudo-terminals standing in for a serial cable:
/// <c>socat -d -d pty,raw,echo=0,link=&lt;dir&gt;/ttyA pty,raw,echo=0,link=&lt;dir&gt;/ttyB</c>. A simulator opens
/// <see cref="DeviceEnd"/>, the plugin under test (or cluster-glue) opens <see cref="HostEnd"/>. Ptys have no baud-rate
/// timing and no modem lines (DTR/RTS ioctls fail with ENOTTY). Disposing kills socat and removes the directory.
/// </summary>
public sealed class PtyPair : IAsyncDisposable
{
    private readonly ChildProcess _socat;

    private PtyPair(string directory, ChildProcess socat)
    {
        Directory = directory;
        _socat = socat;
    }

    public string Directory { get; }
    public string DeviceEnd => Path.Combine(Directory, "ttyA");
    public string HostEnd => Path.Combine(Directory, "ttyB");

    public static async Task<PtyPair> StartAsync()
    {
        string dir = Path.Combine(Path.GetTempPath(), "ocf-pty-" + Guid.NewGuid().ToString("N")[..10]);
        System.IO.Directory.CreateDirectory(dir);
        var socat = ChildProcess.Start("socat",
            ["-d", "-d", $"pty,raw,echo=0,link={Path.Combine(dir, "ttyA")}", $"pty,raw,echo=0,link={Path.Combine(dir, "ttyB")}"]);
        var pair = new PtyPair(dir, socat);
        try
        {
            await socat.WaitForTextAsync("starting data transfer loop", TimeSpan.FromSeconds(10));
            return pair;
        }
        catch
        {
            await pair.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _socat.DisposeAsync();
        try { System.IO.Directory.Delete(Directory, recursive: true); }
        catch (IOException) { }
    }
}
