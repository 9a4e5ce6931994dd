using System.Text;

namespace Appliance.Unattend.Templates;

public sealed partial class Template
{
    private ref struct Parser(string text, string file)
    {
        private readonly string _text = text;
        private readonly string _file = file;
        private readonly StringBuilder _buffer = new();
        private readonly Stack<TemplateNode> _open = new();
        private readonly List<TemplateNode> _root = [];
        private int _line = 1;
        private int _bufferLine = 1;

        public List<TemplateNode> Run()
        {
            var pos = 0;
            while (pos < _text.Length)
            {
                var c = _text[pos];
                if (c == '$' && At(pos + 1, '$') && At(pos + 2, '{'))
                {
                    _buffer.Append("${");
                    pos += 3;
                }
                else if (c == '$' && At(pos + 1, '{')) pos = Value(pos);
                else if (c == '{' && At(pos + 1, '{')) pos = Directive(pos);
                else
                {
                    if (c == '\n') _line++;
                    _buffer.Append(c);
                    pos++;
                }
            }
            Flush();
            if (_open.Count > 0)
            {
                var block = _open.Peek();
                var what = block is IfNode ? "{{if}}" : "{{for}}";
                throw Error(UnattendError.UnclosedBlock, $"{what} opened here has no {{{{end}}}}; expected {{{{end}}}} before the end of the file", block.Line);
            }
            return _root;
        }

        private readonly bool At(int index, char c) => index < _text.Length && _text[index] == c;

        private readonly List<TemplateNode> Current => _open.Count == 0 ? _root
            : _open.Peek() switch
            {
                IfNode i => i.InElse ? i.Else : i.Then,
                ForNode f => f.Body,
                _ => _root,
            };

        private void Flush()
        {
            if (_buffer.Length > 0) Current.Add(new TextNode(_buffer.ToString(), _bufferLine));
            _buffer.Clear();
            _bufferLine = _line;
        }

        /// <summary>Finds the closing delimiter on the same line, or fails naming the opening line.</summary>
        private readonly int Close(int start, string close, string open)
        {
            var end = _text.IndexOf(close, start, StringComparison.Ordinal);
            var newline = _text.IndexOf('\n', start);
            if (end < 0 || (newline >= 0 && newline < end))
                throw Error(UnattendError.UnclosedBlock, $"\"{open}\" has no \"{close}\" on the same line", _line);
            return end;
        }

        /// <summary>A comment may span lines; its newlines still count.</summary>
        private int CloseComment(int pos)
        {
            var end = _text.IndexOf("}}", pos + 2, StringComparison.Ordinal);
            if (end < 0) throw Error(UnattendError.UnclosedBlock, "the comment \"{{#\" has no closing \"}}\"", _line);
            for (var i = pos; i < end; i++) if (_text[i] == '\n') _line++;
            return end;
        }

        private int Value(int pos)
        {
            Flush();
            var end = Close(pos + 2, "}", "${");
            var body = _text[(pos + 2)..end].Trim();
            var raw = body.StartsWith("raw:", StringComparison.Ordinal);
            if (raw) body = body[4..].Trim();
            string? fallback = null;
            var dash = body.IndexOf(":-", StringComparison.Ordinal);
            if (dash >= 0)
            {
                fallback = body[(dash + 2)..];
                body = body[..dash].Trim();
            }
            CheckName(body, "${" + _text[(pos + 2)..end] + "}");
            Current.Add(new ValueNode(body, raw, fallback, _line));
            return end + 1;
        }

        private int Directive(int pos)
        {
            var bodyStart = pos + 2;
            while (bodyStart < _text.Length && _text[bodyStart] is ' ' or '\t') bodyStart++;
            var end = bodyStart < _text.Length && _text[bodyStart] == '#' ? CloseComment(pos) : Close(pos + 2, "}}", "{{");
            var body = _text[(pos + 2)..end].Trim();
            var next = end + 2;

            // A directive alone on its line takes the line with it (its indentation and newline).
            var lineStart = pos;
            while (lineStart > 0 && _text[lineStart - 1] is ' ' or '\t') lineStart--;
            var after = next;
            while (after < _text.Length && _text[after] is ' ' or '\t' or '\r') after++;
            var alone = (lineStart == 0 || _text[lineStart - 1] == '\n') && (after == _text.Length || _text[after] == '\n');
            if (alone)
            {
                _buffer.Length -= pos - lineStart;
                if (after < _text.Length) next = after + 1;
            }
            Flush();
            Apply(body);
            if (alone && after < _text.Length)
            {
                _line++;
                _bufferLine = _line;
            }
            return next;
        }

        private void Apply(string body)
        {
            if (body.StartsWith('#')) return;
            var words = body.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            switch (words.Length > 0 ? words[0] : "")
            {
                case "if":
                    var node = new IfNode(ParseCondition(body, words), _line);
                    Current.Add(node);
                    _open.Push(node);
                    break;
                case "else" when words.Length == 1:
                    if (_open.Count == 0 || _open.Peek() is not IfNode { InElse: false } open)
                        throw Error(UnattendError.BadDirective, "{{else}} outside an {{if}} (or a second {{else}}); expected it between {{if …}} and {{end}}", _line);
                    open.InElse = true;
                    break;
                case "end" when words.Length == 1:
                    if (_open.Count == 0)
                        throw Error(UnattendError.BadDirective, "{{end}} closes nothing; expected a matching {{if …}} or {{for …}} above", _line);
                    _open.Pop();
                    break;
                case "for" when words.Length == 4 && words[2] == "in":
                    CheckName(words[1], body);
                    CheckName(words[3], body);
                    var loop = new ForNode(words[1], words[3], _line);
                    Current.Add(loop);
                    _open.Push(loop);
                    break;
                default:
                    throw Error(UnattendError.BadDirective,
                        $"unknown directive {{{{{body}}}}}; expected if NAME, if not NAME, if NAME == WORD, else, end, for ITEM in LIST or # comment", _line);
            }
        }

        private readonly TemplateCondition ParseCondition(string body, string[] words)
        {
            if (words.Length == 2) { CheckName(words[1], body); return new TemplateCondition(words[1], false, null); }
            if (words.Length == 3 && words[1] == "not") { CheckName(words[2], body); return new TemplateCondition(words[2], true, null); }
            var op = body.Contains("!=", StringComparison.Ordinal) ? "!=" : "==";
            var at = body.IndexOf(op, StringComparison.Ordinal);
            if (at > 2)
            {
                var name = body[2..at].Trim();
                var word = body[(at + 2)..].Trim();
                if (word.Length >= 2 && word[0] == '"' && word[^1] == '"') word = word[1..^1];
                if (word.Length > 0)
                {
                    CheckName(name, body);
                    return new TemplateCondition(name, op == "!=", word);
                }
            }
            throw Error(UnattendError.BadDirective, $"{{{{{body}}}}} is not a condition; expected if NAME, if not NAME or if NAME == WORD", _line);
        }

        private readonly void CheckName(string name, string context)
        {
            var ok = name.Length > 0 && (char.IsAsciiLetter(name[0]) || name[0] == '_');
            foreach (var ch in name) ok &= char.IsAsciiLetterOrDigit(ch) || ch is '_' or '.' or '-';
            if (!ok)
                throw Error(UnattendError.BadDirective, $"\"{name}\" in {context} is not a variable name; expected letters, digits, '_', '.', '-'", _line);
        }

        private readonly UnattendException Error(UnattendError reason, string message, int line) =>
            new(reason, message, _file, line);
    }
}
