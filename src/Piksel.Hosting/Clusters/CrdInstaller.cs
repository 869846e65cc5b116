using System.Net;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Piksel.Hosting.Clusters;

/// <summary>
/// Installs CustomResourceDefinitions into a running cluster as an add-on's chart would: a server-side apply of each
/// (so installing again is a no-op and a newer copy replaces an older one), then a wait until every one is
/// <c>Established</c>, since objects of a kind whose CRD is not yet established are refused with 404.
/// </summary>
public static class CrdInstaller
{
    /// <summary>The field manager of the applies.</summary>
    public const string FieldManager = "piksel-crds";

    /// <summary>How long the API server may take to establish the CRDs. Default used by callers that do not say.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(1);

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// Applies <paramref name="definitions"/> (apiextensions.k8s.io/v1 manifests) through <paramref name="client"/> and
    /// waits until each is Established, at most <paramref name="timeout"/> on <paramref name="time"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">The API server refused a CRD or did not establish it in time; the message names it.</exception>
    public static async Task InstallAsync(
        IKubernetes client, IReadOnlyList<JsonObject> definitions, TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(definitions);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeout, TimeSpan.Zero);
        var names = new List<string>();
        foreach (var definition in definitions)
        {
            var name = definition["metadata"]?["name"]?.GetValue<string>()
                ?? throw new ArgumentException("A CustomResourceDefinition without metadata.name cannot be applied.", nameof(definitions));
            try
            {
                await client.ApiextensionsV1.PatchCustomResourceDefinitionAsync(
                    new V1Patch(definition, V1Patch.PatchType.ApplyPatch), name, fieldManager: FieldManager, force: true, cancellationToken: cancellationToken);
            }
            catch (HttpOperationException e)
            {
                throw new InvalidOperationException(
                    $"The cluster refused the CustomResourceDefinition {name} ({(int)e.Response.StatusCode}): {Message(e)}", e);
            }
            names.Add(name);
        }

        var deadline = time.GetUtcNow() + timeout;
        foreach (var name in names)
        {
            while (!await EstablishedAsync(client, name, cancellationToken))
            {
                if (time.GetUtcNow() >= deadline)
                    throw new InvalidOperationException($"The CustomResourceDefinition {name} was not Established within {timeout.TotalSeconds:0} s.");
                await Task.Delay(PollInterval, time, cancellationToken);
            }
        }
    }

    private static async Task<bool> EstablishedAsync(IKubernetes client, string name, CancellationToken cancellationToken)
    {
        try
        {
            var crd = await client.ApiextensionsV1.ReadCustomResourceDefinitionAsync(name, cancellationToken: cancellationToken);
            return crd.Status?.Conditions?.Any(c => c.Type == "Established" && c.Status == "True") == true;
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
    }

    /// <summary>The Status message the API server gave, else its raw body.</summary>
    private static string Message(HttpOperationException e)
    {
        try
        {
            return JsonNode.Parse(e.Response.Content)?["message"]?.GetValue<string>() ?? e.Response.Content;
        }
        catch (System.Text.Json.JsonException)
        {
            return e.Response.Content;
        }
    }
}
