namespace FalVideo.Core.Catalog;

/// <summary>Why a model field's value is refused: a stable code the UI translates (the English message is for the API and CSV reports).</summary>
public enum FieldProblemKind
{
    Required,
    NotText,
    /// <summary>Not one of the enum's values; arguments: the allowed values.</summary>
    NotInList,
    NotBoolean,
    NotWholeNumber,
    NotNumber,
    /// <summary>A comma where a decimal dot was meant ("5,5").</summary>
    NotNumberUseDot,
    /// <summary>Outside the field's range; arguments: min and max (either may be null).</summary>
    OutOfRange,
}
