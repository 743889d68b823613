using System.Buffers;
using System.Text.Json;
using Ocf.Data;

namespace Ocf.Benchmarks.Baselines;

/// <summary>
/// The System.Text.Json reference: decode is JsonDocument.Parse plus a walk that builds the same OcfValue tree the
/// XML decoders build; encode walks the OcfValue tree into a Utf8JsonWriter. Both use System.Text.Json's defaults
/// (validation on, default JavaScriptEncoder). JSON has no date type: datetimes are written as ISO 8601 strings and
/// come back as strings, so the JSON side skips the date parsing the XML decoders do.
/// </summary>
public sealed class StjJsonCodec
{
    private Utf8JsonWriter? _writer;

    public void Encode(OcfValue value, IBufferWriter<byte> output)
    {
        if (_writer is null) _writer = new Utf8JsonWriter(output);
        else _writer.Reset(output);
        Write(_writer, value);
        _writer.Flush();
    }

    private static void Write(Utf8JsonWriter w, OcfValue value)
    {
        switch (value)
        {
            case OcfString s: w.WriteStringValue(s.Value); break;
            case OcfInteger i: w.WriteNumberValue(i.Value); break;
            case OcfDouble d: w.WriteNumberValue(d.Value); break;
            case OcfBoolean b: w.WriteBooleanValue(b.Value); break;
            case OcfDateTime t: w.WriteStringValue(t.Value); break;
            case OcfBinary bin: w.WriteBase64StringValue(bin.Value.Span); break;
            case OcfNil: w.WriteNullValue(); break;
            case OcfList list:
                w.WriteStartArray();
                foreach (var item in list.AsSpan()) Write(w, item);
                w.WriteEndArray();
                break;
            case OcfMap map:
                w.WriteStartObject();
                for (int i = 0; i < map.Count; i++)
                {
                    var (key, item) = map[i];
                    w.WritePropertyName(key);
                    Write(w, item);
                }
                w.WriteEndObject();
                break;
        }
    }

    public static OcfValue Decode(ReadOnlyMemory<byte> utf8)
    {
        using var doc = JsonDocument.Parse(utf8);
        return Read(doc.RootElement);
    }

    private static OcfValue Read(JsonElement e)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.String: return new OcfString(e.GetString()!);
            case JsonValueKind.Number: return e.TryGetInt64(out long l) ? new OcfInteger(l) : new OcfDouble(e.GetDouble());
            case JsonValueKind.True: return OcfBoolean.True;
            case JsonValueKind.False: return OcfBoolean.False;
            case JsonValueKind.Null: return OcfNil.Instance;
            case JsonValueKind.Array:
                {
                    var items = new List<OcfValue>(e.GetArrayLength());
                    foreach (var item in e.EnumerateArray()) items.Add(Read(item));
                    return OcfInternals.List(items);
                }
            case JsonValueKind.Object:
                {
                    var entries = new List<KeyValuePair<string, OcfValue>>();
                    foreach (var p in e.EnumerateObject()) entries.Add(new(p.Name, Read(p.Value)));
                    return OcfInternals.Map(entries);
                }
            default: throw new FormatException($"unexpected JSON {e.ValueKind}");
        }
    }
}
