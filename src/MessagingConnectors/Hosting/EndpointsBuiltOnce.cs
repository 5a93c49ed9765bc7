using Microsoft.Extensions.Primitives;

namespace MessagingConnectors.Hosting;

/// <summary>
/// One build of a data source's endpoints for everyone who reads them. ASP.NET Core's route data sources build new
/// endpoints (the generated binding, metadata, JSON contracts: most of a cold start's first request) on every read, and
/// each reader caches its own: the routing middleware and the service container's <see cref="EndpointDataSource"/>.
/// Under the worker, <see cref="EndpointPipeline"/> builds the endpoints in the background through the container while
/// the host loads the functions; unwrapped, the first request's routing then built them all a second time.
/// The app's endpoints are fixed once mapped, so the one build never goes stale.
/// </summary>
internal sealed class EndpointsBuiltOnce(EndpointDataSource source) : EndpointDataSource
{
    private readonly Lazy<IReadOnlyList<Endpoint>> _endpoints = new(() => source.Endpoints);

    public override IReadOnlyList<Endpoint> Endpoints => _endpoints.Value;

    public override IChangeToken GetChangeToken() => source.GetChangeToken();

    public override IReadOnlyList<Endpoint> GetGroupedEndpoints(RouteGroupContext context) => source.GetGroupedEndpoints(context);

    /// <summary>Wraps every data source mapped so far, in place and in order.</summary>
    public static void Wrap(ICollection<EndpointDataSource> sources)
    {
        var mapped = sources.Select(source => new EndpointsBuiltOnce(source)).ToList();
        sources.Clear();
        foreach (var source in mapped)
        {
            sources.Add(source);
        }
    }
}
