using Ocf.Membership;
using Ocf.Tests.Communication;
using Xunit;

namespace Ocf.Tests.Membership;

/// <summary>Safety checks over a whole run: one member list per view id everywhere, and ids only grow on each node.</summary>
internal static class ViewInvariants
{
    public static void Check(ClusterHarness cluster)
    {
        var byId = new Dictionary<OcfViewId, OcfView>();
        foreach (var instance in cluster.AllInstances)
        {
            OcfViewId last = OcfViewId.None;
            foreach (var change in instance.Views)
            {
                var view = change.Current;
                Assert.True(view.Id > last, $"node {instance.Id}@{instance.Incarnation} installed {view.Id} after {last}");
                last = view.Id;
                Assert.Contains(new OcfMember(instance.Id, instance.Incarnation), view.Members);
                if (byId.TryGetValue(view.Id, out var seen)) Assert.True(seen.Members.SequenceEqual(view.Members), $"view {view.Id} installed as {seen} and as {view}");
                else byId[view.Id] = view;
            }
        }
    }
}
