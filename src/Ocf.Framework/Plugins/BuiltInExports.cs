using Ocf.Encoding;
using Ocf.Encoding.OcfXml;
using Ocf.Encoding.XmlRpc;
using Ocf.Plugins;

// The framework assembly is itself a (built-in, never unloaded) module: it exports the handlers of the
// "encoding" and "catalog" plugin types and the two foundation codecs, declared like any third-party plugin.
[assembly: OcfExport(OcfPluginTypes.PluginHandler, OcfPluginTypes.Encoding, typeof(EncodingPluginHandler), Description = "Handler of the encoding plugin type.")]
[assembly: OcfExport(OcfPluginTypes.PluginHandler, OcfPluginTypes.Catalog, typeof(CatalogPluginHandler), Description = "Handler of the catalog plugin type.")]
[assembly: OcfExport(OcfPluginTypes.PluginHandler, OcfPluginTypes.Stonith, typeof(Ocf.Stonith.StonithPluginHandler), Description = "Handler of the stonith plugin type.")]
[assembly: OcfExport(OcfPluginTypes.PluginHandler, OcfPluginTypes.Resource, typeof(Ocf.Resources.ResourcePluginHandler), Description = "Handler of the resource plugin type.")]
// Codec aliases are declared here as well as in the codecs (a test checks the two agree) so lookups by alias need no code.
[assembly: OcfExport(OcfPluginTypes.Encoding, OcfXmlCodec.CodecName, typeof(OcfXmlCodec), Aliases = ["Ocf", "OcfXml"], Description = "The OCF compact XML subset (<L>, <AL>, <LI>).")]
[assembly: OcfExport(OcfPluginTypes.Encoding, XmlRpcCodec.CodecName, typeof(XmlRpcCodec), Aliases = ["XmlRpc"], Description = "XML-RPC with the nil and i8 extensions.")]
[assembly: OcfExport(OcfPluginTypes.PluginHandler, OcfPluginTypes.Transport, typeof(Ocf.Communication.TransportPluginHandler), Description = "Handler of the transport plugin type.")]
[assembly: OcfExport(OcfPluginTypes.PluginHandler, OcfPluginTypes.Authentication, typeof(Ocf.Communication.AuthenticationPluginHandler), Description = "Handler of the authentication plugin type.")]
[assembly: OcfExport(OcfPluginTypes.PluginHandler, OcfPluginTypes.PacketTransform, typeof(Ocf.Communication.PacketTransformPluginHandler), Description = "Handler of the packet-transform plugin type.")]
[assembly: OcfExport(OcfPluginTypes.Authentication, Ocf.Communication.OcfHmacAuthenticator.AuthenticatorName, typeof(Ocf.Communication.HmacAuthenticationPlugin), Description = "HMAC-SHA256 packet authentication with key ids.")]
[assembly: OcfExport(OcfPluginTypes.PacketTransform, Ocf.Communication.OcfAesGcmTransform.TransformName, typeof(Ocf.Communication.AesGcmTransformPlugin), Description = "AES-256-GCM packet encryption.")]
[assembly: OcfExport(OcfPluginTypes.PacketTransform, Ocf.Communication.OcfDeflateTransform.TransformName, typeof(Ocf.Communication.DeflateTransformPlugin), Description = "DEFLATE message compression above a size threshold.")]
