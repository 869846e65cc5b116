namespace Piksel.Emulator.Aws.State;

/// <summary>
/// Marks a string property of a stored record as secret (key material, a secret access key): on disk it is kept sealed
/// under the installation's master key, never in clear; in memory it is the plain value. A value an older version stored
/// in clear still loads, and the store rewrites it sealed.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class SealedAttribute : Attribute;
