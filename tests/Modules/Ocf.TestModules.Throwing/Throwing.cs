using Ocf.Configuration;
using Ocf.Plugins;
using Ocf.TestModules.Throwing;

[assembly: OcfModule("Ocf.TestModules.Throwing", Description = "Test module: a widget whose constructor throws.")]
[assembly: OcfExport("widget", "fine-before-throw", typeof(FineWidget), Description = "Registers fine; must be rolled back when the next export fails.")]
[assembly: OcfExport("widget", "throws-in-ctor", typeof(ThrowingWidget), Description = "Throws while being created.")]

namespace Ocf.TestModules.Throwing;

public sealed class FineWidget : IOcfSelfConfiguring
{
    public IReadOnlyList<OcfField> Fields { get; } = new OcfField[] { new() { FieldName = "fine" } };
}

public sealed class ThrowingWidget : IOcfSelfConfiguring
{
    public const string Message = "widget constructor failed on purpose";

    public ThrowingWidget() => throw new InvalidOperationException(Message);

    public IReadOnlyList<OcfField> Fields => Array.Empty<OcfField>();
}
