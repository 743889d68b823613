using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace Ocf.Plugins.External;

/// <summary>How one run of an agent ended.</summary>
/// <param name="ExitCode">The exit code; after a kill on timeout, whatever the killed process reports (137 on Linux for SIGKILL).</param>
/// <param name="TimedOut">The run exceeded its timeout, and the whole process tree was killed.</param>
/// <param name="OutputTruncated">stdout or stderr exceeded <see cref="AgentRunner.MaxCapturedChars"/> and was cut.</param>
public sealed record AgentRunResult(
    string Executable,
    int ProcessId,
    int ExitCode,
    string StandardOutput,
    string StandardError,
    TimeSpan Duration,
    bool TimedOut,
    bool OutputTruncated = false)
{
    public bool Succeeded => !TimedOut && ExitCode == 0;
}

/// <summary>An agent could not be started at all (missing, not executable, bad interpreter line).</summary>
public sealed class AgentStartException(string executable, string reason, Exception? inner = null)
    : IOException($"The agent '{executable}' could not be started: {reason}", inner)
{
    public string Executable { get; } = executable;
}

/// <summary>
/// Runs agent executables: arguments passed as a list (no shell), optional stdin text (fence agents read
/// <c>key=value</c> lines), extra environment, a timeout and cancellation. On timeout or cancellation the whole process
/// tree is killed (<see cref="Process.Kill(bool)"/> with entireProcessTree) and the agent is waited for, so it is
/// reaped and no zombie remains.
/// </summary>
public static class AgentRunner
{
    /// <summary>Each of stdout and stderr is captured up to this many characters; the rest is read and dropped.</summary>
    public const int MaxCapturedChars = 4 * 1024 * 1024;

    /// <summary>After the agent has exited, how long to wait for its output pipes to close (a surviving grandchild may hold them open).</summary>
    private static readonly TimeSpan PipeDrainGrace = TimeSpan.FromSeconds(2);

    private const int TextFileBusy = 26; // ETXTBSY on Linux and macOS

    /// <summary>Runs <paramref name="executable"/> and returns how it ended; a timeout is reported in the result, not thrown.</summary>
    /// <param name="environment">Variables to set for the agent on top of this process's environment; a null value removes a variable.</param>
    /// <param name="timeout">Null or <see cref="Timeout.InfiniteTimeSpan"/> for none.</param>
    /// <exception cref="AgentStartException">The executable could not be started.</exception>
    /// <exception cref="OperationCanceledException">Cancelled; the process tree was killed first.</exception>
    public static async Task<AgentRunResult> RunAsync(
        string executable,
        IEnumerable<string>? arguments = null,
        string? standardInput = null,
        IReadOnlyDictionary<string, string?>? environment = null,
        TimeSpan? timeout = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(executable);
        cancellationToken.ThrowIfCancellationRequested();

        var psi = new ProcessStartInfo(executable)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            CreateNoWindow = true,
            StandardOutputEncoding = System.Text.Encoding.UTF8,
            StandardErrorEncoding = System.Text.Encoding.UTF8,
        };
        foreach (var a in arguments ?? []) psi.ArgumentList.Add(a);
        if (environment is not null)
            foreach (var (k, v) in environment)
            {
                if (v is null) psi.Environment.Remove(k);
                else psi.Environment[k] = v;
            }

        using var process = new Process { StartInfo = psi };
        var clock = Stopwatch.StartNew();
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                if (!process.Start()) throw new AgentStartException(executable, "no process was started");
                break;
            }
            catch (Win32Exception e) when (e.NativeErrorCode == TextFileBusy && attempt < 4)
            {
                // ETXTBSY: the file is still open for writing somewhere (an agent being installed, or a just-written
                // script whose descriptor a concurrently forking thread briefly holds). Short-lived: try again.
                await Task.Delay(50 * attempt, cancellationToken).ConfigureAwait(false);
            }
            catch (Win32Exception e)
            {
                throw new AgentStartException(executable, e.Message, e);
            }
        }
        int pid = process.Id;

        var stdout = new Capture(process.StandardOutput);
        var stderr = new Capture(process.StandardError);
        var stdin = Feed(process.StandardInput, standardInput);

        using var timeoutSource = timeout is { } t && t != Timeout.InfiniteTimeSpan ? new CancellationTokenSource(t) : new CancellationTokenSource();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeoutSource.Token, cancellationToken);
        bool killed = false;
        try
        {
            await process.WaitForExitAsync(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            KillTree(process);
            killed = true;
            // Reap it: after Kill the exit is imminent; not waiting would leave a zombie until the next wait.
            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        }
        clock.Stop();

        await stdin.ConfigureAwait(false);
        // A grandchild that escaped the kill may keep a pipe open: wait a little for both ends, then take what was read.
        try { await Task.WhenAll(stdout.Completion, stderr.Completion).WaitAsync(PipeDrainGrace).ConfigureAwait(false); }
        catch (TimeoutException) { }
        var (outText, outCut) = stdout.Result();
        var (errText, errCut) = stderr.Result();

        if (killed && cancellationToken.IsCancellationRequested && !timeoutSource.IsCancellationRequested)
            throw new OperationCanceledException($"The agent '{executable}' was cancelled and killed.", cancellationToken);

        return new AgentRunResult(executable, pid, process.ExitCode, outText, errText, clock.Elapsed, killed, outCut || errCut);
    }

    /// <summary>Synchronous <see cref="RunAsync"/>.</summary>
    public static AgentRunResult Run(
        string executable,
        IEnumerable<string>? arguments = null,
        string? standardInput = null,
        IReadOnlyDictionary<string, string?>? environment = null,
        TimeSpan? timeout = null,
        CancellationToken cancellationToken = default) =>
        RunAsync(executable, arguments, standardInput, environment, timeout, cancellationToken).GetAwaiter().GetResult();

    private static void KillTree(Process process)
    {
        try { process.Kill(entireProcessTree: true); }
        catch (InvalidOperationException) { } // already exited
        catch (Win32Exception) { }           // exiting while being killed
        catch (NotSupportedException) { try { process.Kill(); } catch (InvalidOperationException) { } }
    }

    private static async Task Feed(StreamWriter input, string? text)
    {
        try
        {
            if (!string.IsNullOrEmpty(text))
            {
                await input.WriteAsync(text).ConfigureAwait(false);
                await input.FlushAsync().ConfigureAwait(false);
            }
        }
        catch (IOException) { }             // the agent exited (or closed stdin) without reading it all
        catch (ObjectDisposedException) { }
        finally
        {
            // Always close: an agent that reads stdin must see end-of-file, never the host's own stdin.
            try { input.Close(); } catch (IOException) { } catch (ObjectDisposedException) { }
        }
    }

    /// <summary>Reads a pipe to its end into a bounded buffer that can be looked at before the end arrives.</summary>
    private sealed class Capture
    {
        private readonly StringBuilder _text = new();
        private bool _truncated;
        public Task Completion { get; }

        public Capture(StreamReader reader) => Completion = Task.Run(() => ReadAll(reader));

        private async Task ReadAll(StreamReader reader)
        {
            var buffer = new char[8192];
            try
            {
                int n;
                while ((n = await reader.ReadAsync(buffer.AsMemory()).ConfigureAwait(false)) > 0)
                {
                    lock (_text)
                    {
                        int room = MaxCapturedChars - _text.Length;
                        if (n > room) { _truncated = true; n = Math.Max(room, 0); }
                        if (n > 0) _text.Append(buffer, 0, n);
                    }
                }
            }
            catch (IOException) { }
            catch (ObjectDisposedException) { }
        }

        /// <summary>What has been read so far; marked truncated when the pipe has not reached its end (or was cut at the bound).</summary>
        public (string Text, bool Truncated) Result()
        {
            lock (_text) return (_text.ToString(), _truncated || !Completion.IsCompleted);
        }
    }
}
