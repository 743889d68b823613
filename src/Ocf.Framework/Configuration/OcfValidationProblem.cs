namespace Ocf.Configuration;

/// <summary>One thing wrong with a proposed configuration; <see cref="Path"/> is like <c>ports[1].host</c>.</summary>
public sealed record OcfValidationProblem(string Path, string Code, string Message)
{
    public override string ToString() => $"{Path}: {Message}";
}

/// <summary>Raised when a configuration is used (normalised or instantiated) while it has problems; carries all of them.</summary>
public sealed class OcfValidationException(IReadOnlyList<OcfValidationProblem> problems)
    : ArgumentException($"The configuration is not valid: {string.Join("; ", problems)}")
{
    public IReadOnlyList<OcfValidationProblem> Problems { get; } = problems;
}
