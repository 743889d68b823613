using System.Net.Sockets;
using Ocf.Stonith;

namespace Ocf.Plugins.Stonith.PowerSwitch.Common;

/// <summary>
/// One session on a telnet-style TCP port (plain socket, as cluster-glue's OpenStreamSocket; telnet options the
/// device proposes are refused by the dialogue). Disposing closes the connection.
/// </summary>
internal sealed class TelnetLine : IAsyncDisposable
{
    private readonly TcpClient _client;

    private TelnetLine(TcpClient client, string device)
    {
        _client = client;
        Dialogue = new ExpectDialogue(client.GetStream(), device, telnet: true);
    }

    public ExpectDialogue Dialogue { get; }

    public static async Task<TelnetLine> ConnectAsync(string host, int port, TimeSpan timeout, string device, CancellationToken cancellationToken)
    {
        var client = new TcpClient { NoDelay = true };
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout);
        try
        {
            await client.ConnectAsync(host, port, cts.Token).ConfigureAwait(false);
            return new TelnetLine(client, device);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            client.Dispose();
            throw new OcfStonithException(OcfStonithFailureKind.Unreachable,
                $"Cannot connect to the {device} at {host}:{port} within {timeout.TotalSeconds:0.#} s.", "connect");
        }
        catch (SocketException e)
        {
            client.Dispose();
            throw new OcfStonithException(OcfStonithFailureKind.Unreachable,
                $"Cannot connect to the {device} at {host}:{port}: {e.Message}", "connect", inner: e);
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    public ValueTask DisposeAsync()
    {
        _client.Dispose();
        return ValueTask.CompletedTask;
    }
}
