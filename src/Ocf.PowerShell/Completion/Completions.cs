using System.Management.Automation;

namespace Ocf.PowerShell.Completion;

/// <summary>Shared completion plumbing: wildcard match on what was typed, quoting where needed, no duplicates.</summary>
internal static class Completions
{
    public static IEnumerable<CompletionResult> Matching(IEnumerable<(string Name, string Description)> candidates, string? wordToComplete)
    {
        var pattern = new WildcardPattern((wordToComplete ?? string.Empty).Trim('\'', '"') + "*", WildcardOptions.IgnoreCase);
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, description) in candidates)
        {
            if (!pattern.IsMatch(name) || !seen.Add(name)) continue;
            string text = name.IndexOfAny([' ', '\'', '"', '$', '`']) >= 0 ? $"'{name.Replace("'", "''")}'" : name;
            yield return new CompletionResult(text, name, CompletionResultType.ParameterValue, string.IsNullOrEmpty(description) ? name : description);
        }
    }
}
