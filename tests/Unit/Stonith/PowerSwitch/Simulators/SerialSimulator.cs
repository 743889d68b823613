using System.IO.Ports;
using System.Text;

namespace Ocf.Tests.Stonith.PowerSwitch.Simulators;

/// <summary>
/// The device end of a socat pty pair, opened with System.IO.Ports like a real serial port. A subclass handles the
/// bytes the host sends and may do something while the line is idle. The faults every simulator supports are
/// <see cref="IgnorePowerCommands"/> (acknowledge a power command, change nothing) and <see cref="StopAnswering"/>
/// (keep reading, answer nothing the device-specific class decides to withhold).
/// </summary>
public abstract class SerialSimulator : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private PtyPair? _pty;
    private SerialPort? _port;
    private Task? _loop;

    protected SerialSimulator(OutletBank outlets) => Outlets = outlets;

    public OutletBank Outlets { get; }
    /// <summary>The port the plugin under test (or cluster-glue) opens.</summary>
    public string HostPort => _pty!.HostEnd;
    public bool IgnorePowerCommands { get; set; }
    public bool StopAnswering { get; set; }
    /// <summary>Called with each command as it arrives (before it is answered): tests look at the world at that moment.</summary>
    public Action<string>? OnCommand { get; set; }
    /// <summary>How long the line may stay quiet before <see cref="OnIdleAsync"/> runs.</summary>
    protected virtual TimeSpan IdleInterval => TimeSpan.FromSeconds(1);

    protected async Task OpenAsync(int baudRate)
    {
        _pty = await PtyPair.StartAsync();
        _port = new SerialPort(_pty.DeviceEnd, baudRate, Parity.None, 8, StopBits.One)
        {
            Handshake = Handshake.None,
            WriteTimeout = 1000,
        };
        _port.Open();
        _loop = Task.Run(RunAsync);
    }

    private async Task RunAsync()
    {
        var buffer = new byte[256];
        while (!_stop.IsCancellationRequested)
        {
            int n;
            using (var idle = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token))
            {
                idle.CancelAfter(IdleInterval);
                try
                {
                    n = await _port!.BaseStream.ReadAsync(buffer, idle.Token);
                }
                catch (OperationCanceledException) when (!_stop.IsCancellationRequested)
                {
                    await OnIdleAsync(_stop.Token);
                    continue;
                }
                catch (Exception) when (_stop.IsCancellationRequested)
                {
                    return;
                }
            }
            for (int i = 0; i < n; i++) await OnByteAsync((char)buffer[i], _stop.Token);
        }
    }

    protected abstract Task OnByteAsync(char c, CancellationToken cancellationToken);

    protected virtual Task OnIdleAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    protected void Received(string command)
    {
        Outlets.Log(command);
        OnCommand?.Invoke(command);
    }

    /// <summary>Writes to the host. Nobody reading (the pty buffer full) drops the text, as a real line would.</summary>
    protected async Task WriteAsync(string text, CancellationToken cancellationToken)
    {
        try
        {
            await _port!.BaseStream.WriteAsync(System.Text.Encoding.Latin1.GetBytes(text), cancellationToken);
        }
        catch (Exception e) when (e is TimeoutException or IOException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        try { _port?.Close(); } catch (IOException) { }
        if (_loop is not null)
        {
            try { await _loop.WaitAsync(TimeSpan.FromSeconds(5)); }
            catch (Exception) { }
        }
        _port?.Dispose();
        if (_pty is not null) await _pty.DisposeAsync();
        _stop.Dispose();
    }
}
