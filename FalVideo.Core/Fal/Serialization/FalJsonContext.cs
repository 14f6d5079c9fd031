using System.Text.Json.Serialization;

namespace FalVideo.Core.Fal.Serialization;

/// <summary>fal's wire JSON: snake_case, unknown fields ignored, nulls omitted when writing.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(FalQueueStatus))]
[JsonSerializable(typeof(FalSubmitResponse))]
[JsonSerializable(typeof(FalCancelResponse))]
public sealed partial class FalJsonContext : JsonSerializerContext;
