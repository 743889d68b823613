using System.IO.Ports;
using Ocf.Stonith;

namespace Ocf.Plugins.Stonith.PowerSwitch.Common;

/// <summary>How to open a serial port: the device, its speed, and the lock convention.</summary>
internal sealed record SerialSettings(string Port, int BaudRate, string LockDirectory, TimeSpan LockTimeout, TimeSpan WriteTimeout);

/// <summary>
/// One session on a serial port: locked (UUCP lock file on Linux), opened 8N1 without flow control through
/// System.IO.Ports (a real port, a USB adapter or a pty on Linux; a COM port on Windows), with an expect dialogue on
/// it. Disposing closes the port and releases the lock.
/// </summary>
internal sealed class SerialLine : IAsyncDisposable
{
    private readonly SerialPort _port;
    private readonly UucpLock? _lock;

    private SerialLine(SerialPort port, UucpLock? lockFile, string device)
    {
        _port = port;
        _lock = lockFile;
        Dialogue = new ExpectDialogue(port.BaseStream, device, telnet: false);
    }

    public ExpectDialogue Dialogue { get; }

    public static async Task<SerialLine> OpenAsync(SerialSettings settings, string device, CancellationToken cancellationToken)
    {
        var lockFile = await UucpLock.AcquireAsync(settings.Port, settings.LockDirectory, settings.LockTimeout, device, cancellationToken).ConfigureAwait(false);
        SerialPort? port = null;
        try
        {
            port = new SerialPort(settings.Port, settings.BaudRate, Parity.None, 8, StopBits.One)
            {
                Handshake = Handshake.None,
                ReadTimeout = SerialPort.InfiniteTimeout, // every read is bounded by its expect step instead
                WriteTimeout = (int)Math.Clamp(settings.WriteTimeout.TotalMilliseconds, 1, int.MaxValue),
            };
            port.Open();
            // Whatever the device said before we came is not an answer to us.
            port.DiscardInBuffer();
            port.DiscardOutBuffer();
            return new SerialLine(port, lockFile, device);
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException or ArgumentException or InvalidOperationException)
        {
            port?.Dispose();
            lockFile?.Dispose();
            // On Windows a COM port open elsewhere is refused as "access denied": that is the port being busy.
            var kind = e is UnauthorizedAccessException
                ? (OperatingSystem.IsWindows() ? OcfStonithFailureKind.Busy : OcfStonithFailureKind.PluginError)
                : OcfStonithFailureKind.Unreachable;
            throw new OcfStonithException(kind, $"Cannot open the serial port {settings.Port} of the {device}: {e.Message}", "open serial port", inner: e);
        }
    }

    /// <summary>
    /// Drops DTR for <paramref name="low"/> and raises it again (a hang-up: resets the device's serial interface).
    /// Lines without modem control (a pty; some USB adapters) refuse it; then nothing is done. True when toggled.
    /// </summary>
    public async Task<bool> ToggleDtrAsync(TimeSpan low, CancellationToken cancellationToken)
    {
        if (low <= TimeSpan.Zero) return false;
        try
        {
            _port.DtrEnable = false;
        }
        catch (IOException)
        {
            return false;
        }
        await Task.Delay(low, cancellationToken).ConfigureAwait(false);
        try
        {
            _port.DtrEnable = true;
        }
        catch (IOException)
        {
            return false;
        }
        return true;
    }

    /// <summary>Drops unread input (tcflush(TCIFLUSH)), e.g. before a command whose reply is read.</summary>
    public void DiscardInput()
    {
        try { _port.DiscardInBuffer(); }
        catch (Exception e) when (e is IOException or InvalidOperationException) { }
        Dialogue.DiscardPending();
    }

    public ValueTask DisposeAsync()
    {
        try
        {
            // Output still queued is sent first (no flow control, so this cannot hang): a command written just
            // before the session ends must reach the device.
            if (_port.IsOpen) _port.Close();
        }
        catch (IOException)
        {
        }
        finally
        {
            _port.Dispose();
            _lock?.Dispose();
        }
        return ValueTask.CompletedTask;
    }
}
