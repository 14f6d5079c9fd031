namespace FalVideo.Core.Catalog;

/// <summary>The JSON type a model input field takes on the wire.</summary>
public enum FieldType
{
    /// <summary>A JSON string.</summary>
    String,
    /// <summary>A JSON number without a fraction or exponent.</summary>
    Integer,
    /// <summary>Any finite JSON number.</summary>
    Float,
    /// <summary>JSON <c>true</c> / <c>false</c>.</summary>
    Boolean,
    /// <summary>A JSON string from a fixed list (fal sends some durations this way: <c>"5"</c>, <c>"8s"</c>).</summary>
    Enum,
}
