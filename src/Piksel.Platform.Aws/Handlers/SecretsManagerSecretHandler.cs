using System.Runtime.CompilerServices;
using Piksel.Platform.Aws.Http;
using Piksel.Platform.Aws.SecretsManager;
using Piksel.Platform.Providers;
using Piksel.Platform.Spec;
using Piksel.Platform.Spec.Aws;

namespace Piksel.Platform.Aws.Handlers;

/// <summary>
/// Secrets Manager secrets. A generated secret gets its value from GetRandomPassword with the spec's rules when it
/// is created, and never again: its value is not read back, compared or changed. A manual secret's value comes from
/// its input and is read back (as a <see cref="SensitiveString"/>, compared by digest) so a value changed behind the
/// engine's back shows as drift. Output: <c>arn</c>. Deletion is immediate (no recovery window), so destroy leaves
/// nothing tagged behind; a secret found scheduled for deletion counts as absent and is restored by apply.
/// </summary>
public sealed class SecretsManagerSecretHandler(AwsHandlerContext context) : AwsResourceHandler<SecretsManagerSecret, SecretsManagerClient>(context)
{
    /// <inheritdoc />
    protected override string Noun => "secret";

    /// <inheritdoc />
    protected override SecretsManagerClient CreateClient(AwsClientOptions options) => new(options);

    /// <inheritdoc />
    protected override async Task<Observed<SecretsManagerSecret>?> ReadAsync(SecretsManagerClient client, SecretsManagerSecret desired, CancellationToken cancellationToken)
    {
        var description = await DescribeAsync(client, desired.Name, cancellationToken);
        return description is null || description.DeletedDate is not null
            ? null
            : await ObserveAsync(client, desired, description, cancellationToken);
    }

    /// <inheritdoc />
    protected override async Task<IReadOnlyDictionary<string, string>> ApplyAsync(SecretsManagerClient client, SecretsManagerSecret desired, CancellationToken cancellationToken)
    {
        var description = await DescribeAsync(client, desired.Name, cancellationToken);
        if (description is { DeletedDate: not null })
        {
            // Scheduled for deletion (by hand, or an earlier destroy with a recovery window): bring it back
            // rather than fail on the name, and keep the value it had.
            await client.RestoreSecretAsync(desired.Name, cancellationToken);
        }
        else if (description is null)
        {
            // Created with its value, tags and description: nothing to converge.
            description = await CreateAndReadBackAsync(desired, () => CreateAsync(client, desired, cancellationToken), () => DescribeAsync(client, desired.Name, cancellationToken), "ResourceExistsException");
            return Outputs(description);
        }

        description = await DescribeAsync(client, desired.Name, cancellationToken)
            ?? throw new RetryableResourceException($"Secret {desired.Name} not visible.");
        var current = (await ObserveAsync(client, desired, description, cancellationToken)).State;
        if (current.Description != desired.Description || (desired.KmsKeyId is not null && current.KmsKeyId != desired.KmsKeyId))
        {
            await client.UpdateSecretAsync(new UpdateSecretRequest
            {
                SecretId = desired.Name,
                Description = desired.Description,
                KmsKeyId = desired.KmsKeyId,
            }, cancellationToken);
        }

        if (desired.Value is { } value && !value.Equals(current.Value))
        {
            await client.PutSecretValueAsync(desired.Name, SecretValue.FromString(value.Reveal()), cancellationToken: cancellationToken);
        }

        var (set, remove) = Canonical.TagChanges(current.Tags, desired.Tags);
        if (set.Count > 0)
        {
            await client.TagResourceAsync(desired.Name, set.Select(t => new SecretTag(t.Key, t.Value)).ToList(), cancellationToken);
        }

        if (remove.Count > 0)
        {
            await client.UntagResourceAsync(desired.Name, remove.ToList(), cancellationToken);
        }

        return Outputs(description);
    }

    /// <inheritdoc />
    protected override Task DeleteAsync(SecretsManagerClient client, Observed<SecretsManagerSecret> actual, CancellationToken cancellationToken) =>
        IgnoringAbsentAsync(() => client.DeleteSecretAsync(actual.State.Name, forceDeleteWithoutRecovery: true, cancellationToken: cancellationToken), "ResourceNotFoundException");

    /// <inheritdoc />
    protected override async IAsyncEnumerable<Listed> ListAsync(SecretsManagerClient client, string account, string environment, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var secret in client.ListAllSecretsAsync(cancellationToken: cancellationToken))
        {
            if (secret.DeletedDate is not null)
            {
                continue;
            }

            // No value is read for listing: destroy needs the name and account only.
            var tags = Canonical.Tags(secret.Tags, t => t.Key, t => t.Value);
            var state = new SecretsManagerSecret
            {
                Name = secret.Name,
                Account = account,
                Description = secret.Description ?? "",
                KmsKeyId = secret.KmsKeyId,
                Tags = tags,
            };
            yield return new Listed(state, tags, () => Task.FromResult<Observed<SecretsManagerSecret>?>(new(state, Outputs(secret))));
        }
    }

    /// <summary>GetRandomPassword's arguments for <paramref name="rules"/>.</summary>
    public static RandomPasswordRequest PasswordRequest(SecretGeneration rules) => new()
    {
        PasswordLength = rules.Length,
        ExcludeCharacters = rules.ExcludeCharacters.Length == 0 ? null : rules.ExcludeCharacters,
        ExcludeNumbers = !rules.IncludeDigits,
        ExcludeUppercase = !rules.IncludeLetters,
        ExcludeLowercase = !rules.IncludeLetters,
        ExcludePunctuation = rules.Punctuation.Length == 0,
        RequireEachIncludedType = rules.RequireEachIncludedType,
    };

    private static Dictionary<string, string> Outputs(SecretDescription description) =>
        new() { [AwsResource.ArnOutput] = description.Arn };

    private static Task<SecretDescription?> DescribeAsync(SecretsManagerClient client, string name, CancellationToken cancellationToken) =>
        OrNullAsync(() => client.DescribeSecretAsync(name, cancellationToken), "ResourceNotFoundException");

    private static async Task<Observed<SecretsManagerSecret>> ObserveAsync(
        SecretsManagerClient client, SecretsManagerSecret desired, SecretDescription description, CancellationToken cancellationToken)
    {
        SensitiveString? value = null;
        if (desired.Value is not null)
        {
            // Only a manual secret's value is compared; a generated one is never read here.
            var entry = await OrNullAsync(() => client.GetSecretValueAsync(desired.Name, cancellationToken: cancellationToken), "ResourceNotFoundException");
            value = entry is null || entry.Value.IsBinary ? null : new SensitiveString(entry.Value.Reveal());
        }

        var state = desired with
        {
            Description = description.Description ?? "",
            KmsKeyId = description.KmsKeyId,
            Value = value,
            Tags = Canonical.Tags(description.Tags, t => t.Key, t => t.Value),
        };
        return new Observed<SecretsManagerSecret>(state, Outputs(description));
    }

    private static async Task CreateAsync(SecretsManagerClient client, SecretsManagerSecret desired, CancellationToken cancellationToken)
    {
        var value = desired switch
        {
            { Value: { } manual } => SecretValue.FromString(manual.Reveal()),
            { Generate: { } rules } => await client.GetRandomPasswordAsync(PasswordRequest(rules), cancellationToken),
            _ => null,
        };

        // A secret an earlier attempt created (ResourceExists) keeps its value: a generated secret is never regenerated.
        await client.CreateSecretAsync(new CreateSecretRequest
        {
            Name = desired.Name,
            Value = value,
            Description = desired.Description.Length == 0 ? null : desired.Description,
            KmsKeyId = desired.KmsKeyId,
            Tags = desired.Tags.Select(t => new SecretTag(t.Key, t.Value)).ToList(),
        }, cancellationToken);
    }
}
