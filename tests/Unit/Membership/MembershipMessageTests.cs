using CsCheck;
using Ocf.Communication;
using Ocf.Membership;
using Xunit;

namespace Ocf.Tests.Membership;

public class MembershipMessageTests
{
    [Fact]
    public void Membership_messages_round_trip()
    {
        var view = new OcfView(new OcfViewId(7, 2, 9), [new OcfMember(5, 1), new OcfMember(2, 9), new OcfMember(3, 4)]);
        Assert.Equal([2u, 3u, 5u], view.NodeIds);
        foreach (var kind in new[] { OcfMembershipMessageKind.Propose, OcfMembershipMessageKind.Commit })
        {
            var back = OcfMembershipMessage.Decode(new OcfMembershipMessage(kind, view.Id, view, default).Encode());
            Assert.Equal((kind, view), (back.Kind, back.View));
        }
        var reject = OcfMembershipMessage.Decode(new OcfMembershipMessage(OcfMembershipMessageKind.Reject, view.Id, null, new OcfViewId(9, 1, 1)).Encode());
        Assert.Equal(new OcfViewId(9, 1, 1), reject.Installed);
        Assert.Equal(view.Id, OcfMembershipMessage.DecodeViewId(OcfMembershipMessage.EncodeViewId(view.Id)));
    }

    [Fact]
    public void Malformed_membership_messages_throw_only_packet_exceptions() =>
        Gen.Byte.Array[0, 200].Sample(bytes =>
        {
            try { OcfMembershipMessage.Decode(bytes); }
            catch (OcfPacketException e) { Assert.Equal(OcfDropReason.Malformed, e.Reason); }
        }, iter: 5000);

    [Fact]
    public void View_ids_order_by_epoch_then_coordinator_then_incarnation()
    {
        Assert.True(new OcfViewId(2, 1, 1) > new OcfViewId(1, 9, 9));
        Assert.True(new OcfViewId(2, 2, 1) > new OcfViewId(2, 1, 9));
        Assert.True(new OcfViewId(2, 2, 2) > new OcfViewId(2, 2, 1));
        Assert.Throws<ArgumentException>(() => new OcfView(new OcfViewId(1, 1, 1), [new OcfMember(1, 1), new OcfMember(1, 2)]));
    }
}
