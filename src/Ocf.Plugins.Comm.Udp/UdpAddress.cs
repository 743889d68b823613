using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Ocf.Plugins.Comm.Udp;

/// <summary>A configured node address, "host:port": an IPv4 literal, a bracketed IPv6 literal ("[::1]:5405") or a DNS name.</summary>
public readonly record struct UdpAddress(string Host, int Port, IPAddress? Literal)
{
    /// <summary>Parses "host:port"; false with a reason when the text is not one.</summary>
    public static bool TryParse(string? text, out UdpAddress address, out string error)
    {
        address = default;
        error = "";
        if (string.IsNullOrWhiteSpace(text)) { error = "the address is empty"; return false; }
        if (text.Trim() != text) { error = "the address has leading or trailing white space"; return false; }
        string host, portText;
        if (text[0] == '[')
        {
            int close = text.IndexOf(']');
            if (close < 0) { error = "'[' without a matching ']'"; return false; }
            host = text[1..close];
            if (close + 1 >= text.Length || text[close + 1] != ':') { error = "no ':port' after the bracketed IPv6 address"; return false; }
            portText = text[(close + 2)..];
            if (!IPAddress.TryParse(host, out var v6) || v6.AddressFamily != AddressFamily.InterNetworkV6) { error = $"'{host}' in brackets is not an IPv6 address"; return false; }
            if (!TryPort(portText, out int p6, out error)) return false;
            address = new UdpAddress(host, p6, v6);
            return true;
        }
        int colon = text.LastIndexOf(':');
        if (colon < 0) { error = "no ':port'"; return false; }
        host = text[..colon];
        portText = text[(colon + 1)..];
        if (host.Contains(':')) { error = "an IPv6 address must be written in brackets, as [addr]:port"; return false; }
        if (host.Length == 0) { error = "no host before ':port'"; return false; }
        if (!TryPort(portText, out int port, out error)) return false;
        if (host.All(c => char.IsAsciiDigit(c) || c == '.'))
        {
            // IPAddress.TryParse takes "1" or "10.1" as IPv4 shorthand; only the dotted quad is accepted.
            if (host.Count(c => c == '.') != 3 || !IPAddress.TryParse(host, out var v4)) { error = $"'{host}' is not an IPv4 address"; return false; }
            address = new UdpAddress(host, port, v4);
            return true;
        }
        if (Uri.CheckHostName(host) != UriHostNameType.Dns) { error = $"'{host}' is not a host name or IP address"; return false; }
        address = new UdpAddress(host, port, null);
        return true;
    }

    private static bool TryPort(string text, out int port, out string error)
    {
        error = "";
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out port) || port < 1 || port > 65535)
        {
            error = $"the port '{text}' is not a number in 1–65535";
            return false;
        }
        return true;
    }

    /// <summary>The literal, or the name's addresses (resolved now, once).</summary>
    public IPAddress[] Resolve() => Literal is { } ip ? [ip] : Dns.GetHostAddresses(Host);

    public override string ToString() => Literal is { AddressFamily: AddressFamily.InterNetworkV6 } ? $"[{Host}]:{Port}" : $"{Host}:{Port}";
}
