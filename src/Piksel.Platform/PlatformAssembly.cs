namespace Piksel.Platform;

/// <summary>The Piksel platform model; the spec, definition and engine arrive with the engine issue.</summary>
public static class PlatformAssembly
{
}
