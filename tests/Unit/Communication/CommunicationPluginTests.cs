using Ocf.Communication;
using Ocf.Configuration;
using Ocf.Data;
using Ocf.Plugins;
using Xunit;

namespace Ocf.Tests.Communication;

/// <summary>The communication plugin types and their built-in plugins are registered like any other module's.</summary>
public class CommunicationPluginTests
{
    [Fact]
    public void The_framework_exports_handlers_for_transport_authentication_and_packet_transforms()
    {
        var manager = new OcfPluginManager();
        foreach (var (type, contract) in new[] { (OcfPluginTypes.Transport, typeof(IOcfTransportPlugin)), (OcfPluginTypes.Authentication, typeof(IOcfAuthenticationPlugin)), (OcfPluginTypes.PacketTransform, typeof(IOcfPacketTransformPlugin)) })
        {
            using var handler = manager.Acquire<IOcfPluginHandler>(OcfPluginTypes.PluginHandler, type);
            Assert.Equal(contract, handler.Instance.Contract);
        }
    }

    [Fact]
    public void The_built_in_plugins_build_a_working_pipeline()
    {
        var manager = new OcfPluginManager();
        var keys = new OcfKeyStore(new OcfKeyRing(1, OcfKeyRing.GenerateKey()));
        using var hmac = manager.Acquire<IOcfAuthenticationPlugin>(OcfPluginTypes.Authentication, "hmac");
        using var aes = manager.Acquire<IOcfPacketTransformPlugin>(OcfPluginTypes.PacketTransform, "aes-gcm");
        using var deflate = manager.Acquire<IOcfPacketTransformPlugin>(OcfPluginTypes.PacketTransform, "deflate");
        var config = OcfConfigurator.Normalize(deflate.Instance.Fields, new OcfMapBuilder().Add("threshold", new OcfInteger(100)).Build());
        var pipeline = new OcfPacketPipeline(hmac.Instance.Create(OcfMap.Empty, keys), deflate.Instance.Create(config, keys), aes.Instance.Create(OcfMap.Empty, keys));
        Assert.Equal(OcfTransformStage.Message, deflate.Instance.Stage);
        Assert.Equal(100, ((OcfDeflateTransform)pipeline.Compression!).Threshold);
        Assert.Equal(48 + 28 + 32, pipeline.DatagramOverhead);
    }
}
