using System.Diagnostics;
using System.Text;

namespace Ocf.Tests.Stonith.PowerSwitch.Simulators;

/// <summary>What a finished process left: exit code, output, and how long it ran.</summary>
public sealed record ProcessResult(int ExitCode, string StandardOutput, string StandardError, TimeSpan Elapsed)
{
    public override string ToString() =>
        $"exit {ExitCode} after {Elapsed.TotalSeconds:0.00} s\n--- stdout ---\n{StandardOutput}\n--- stderr ---\n{StandardError}";
}

/// <summary>
/// A real child process (socat, stonith, ip, sleep, ...) whose output is captured line by line. Disposing kills it and
/// everything it started, and waits for it: no test leaves a process behind.
/// </summary>
public sealed class ChildProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _out = new(), _err = new();
    private readonly object _gate = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly List<(string Text, TaskCompletionSource Done)> _waiters = [];

    private ChildProcess(Process process) => _process = process;

    public int Id => _process.Id;
    public bool HasExited => _process.HasExited;
    public string StandardOutput { get { lock (_gate) return _out.ToString(); } }
    public string StandardError { get { lock (_gate) return _err.ToString(); } }

    public static ChildProcess Start(string fileName, IEnumerable<string> arguments, string? standardInput = null)
    {
        var info = new ProcessStartInfo(fileName)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var a in arguments) info.ArgumentList.Add(a);
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var child = new ChildProcess(process);
        process.OutputDataReceived += (_, e) => child.Append(child._out, e.Data);
        process.ErrorDataReceived += (_, e) => child.Append(child._err, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (standardInput is not null) process.StandardInput.Write(standardInput);
        process.StandardInput.Close();
        return child;
    }

    /// <summary>Runs a process to its end (killed after <paramref name="timeout"/>, which fails the test).</summary>
    public static async Task<ProcessResult> RunAsync(string fileName, IEnumerable<string> arguments, TimeSpan timeout, string? standardInput = null)
    {
        await using var child = Start(fileName, arguments, standardInput);
        return await child.WaitForExitAsync(timeout);
    }

    private void Append(StringBuilder target, string? line)
    {
        if (line is null) return;
        lock (_gate)
        {
            target.Append(line).Append('\n');
            foreach (var w in _waiters.Where(w => line.Contains(w.Text, StringComparison.Ordinal)).ToList())
            {
                w.Done.TrySetResult();
                _waiters.Remove(w);
            }
        }
    }

    /// <summary>Waits until the process writes a line containing <paramref name="text"/> to stderr or stdout (socat's "listening on").</summary>
    public async Task WaitForTextAsync(string text, TimeSpan timeout)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            if (_out.ToString().Contains(text, StringComparison.Ordinal) || _err.ToString().Contains(text, StringComparison.Ordinal)) return;
            _waiters.Add((text, done));
        }
        var exited = _process.WaitForExitAsync();
        var first = await Task.WhenAny(done.Task, exited, Task.Delay(timeout));
        if (first != done.Task)
            throw new InvalidOperationException($"{_process.StartInfo.FileName} did not print '{text}' within {timeout.TotalSeconds} s" +
                (_process.HasExited ? $" (it exited with {_process.ExitCode})" : "") + $":\n{StandardError}{StandardOutput}");
    }

    public async Task<ProcessResult> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            Kill();
            throw new TimeoutException($"{_process.StartInfo.FileName} {string.Join(' ', _process.StartInfo.ArgumentList)} did not finish within {timeout.TotalSeconds} s:\n{StandardError}{StandardOutput}");
        }
        _process.WaitForExit(); // drains the redirected output
        return new ProcessResult(_process.ExitCode, StandardOutput, StandardError, _clock.Elapsed);
    }

    private void Kill()
    {
        try
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    public async ValueTask DisposeAsync()
    {
        Kill();
        try
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (Exception e) when (e is OperationCanceledException or InvalidOperationException)
        {
        }
        _process.Dispose();
    }
}
