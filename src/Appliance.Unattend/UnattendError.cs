namespace Appliance.Unattend;

/// <summary>Why an answer file, postscript list or WinPE script could not be produced.</summary>
public enum UnattendError
{
    /// <summary>A template uses <c>${name}</c> and no table defines <c>name</c>.</summary>
    UnknownVariable,
    /// <summary>An <c>{{if}}</c> or <c>{{for}}</c> has no <c>{{end}}</c>, or a <c>${</c> / <c>{{</c> has no closing brace.</summary>
    UnclosedBlock,
    /// <summary>A directive the engine does not know, or one in the wrong place (<c>{{else}}</c> outside an if).</summary>
    BadDirective,
    /// <summary><c>{{for x in name}}</c> where <c>name</c> is not a list.</summary>
    NotAList,
    /// <summary>The rendered answer file is not well-formed XML.</summary>
    NotWellFormed,
    /// <summary>The template file does not exist or cannot be read.</summary>
    MissingTemplate,
    /// <summary>A postscript named in a table has no file under <c>install/winpostscripts/</c>.</summary>
    MissingScript,
    /// <summary>A table value cannot be used (an address that does not parse, an unclosed quote in postscripts, …).</summary>
    BadAttribute,
    /// <summary>A setting the output needs is not in any table (e.g. the install share).</summary>
    MissingSetting,
}
