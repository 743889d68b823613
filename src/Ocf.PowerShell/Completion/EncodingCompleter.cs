using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using Ocf.Encoding;

namespace Ocf.PowerShell.Completion;

/// <summary>Tab completion of -Encoding from the live codec registry (so loadable codecs complete too).</summary>
public sealed class EncodingCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var pattern = new WildcardPattern((wordToComplete ?? string.Empty).Trim('\'', '"') + "*", WildcardOptions.IgnoreCase);
        foreach (var codec in OcfCodecRegistry.Default.Codecs)
        {
            foreach (var name in codec.Aliases.Append(codec.Name))
            {
                if (!pattern.IsMatch(name)) continue;
                string text = name.IndexOfAny([' ', '\'', '"']) >= 0 ? $"'{name}'" : name;
                yield return new CompletionResult(text, name, CompletionResultType.ParameterValue, codec.Description);
            }
        }
    }
}
