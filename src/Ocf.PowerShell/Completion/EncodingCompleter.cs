using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using Ocf.PowerShell.Commands;

namespace Ocf.PowerShell.Completion;

/// <summary>Tab completion of -Encoding from the live codec registry and the encoding plugins in the plugin folders.</summary>
public sealed class EncodingCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters) =>
        Completions.Matching(EncodingResolver.Candidates(), wordToComplete);
}
