namespace FalVideo.Core.Import;

/// <summary>A preview row's verdict. Serialised lower-case: <c>ok</c>, <c>warning</c>, <c>error</c>.</summary>
public enum ImportRowState
{
    Ok,
    Warning,
    Error,
}
