// Secrets out of text a client or a log will see: the `user:password@` part of any URL and the values of
// its query parameters (`?key=…` carries Gemini API keys) become `***`.

const USERINFO = /([a-z][a-z0-9+.-]*:\/\/)[^\s/?#@"'<>]*@/gi;
const QUERY_VALUE = /([a-z][a-z0-9+.-]*:\/\/[^\s?#"'<>]*\?)([^\s#"'<>]*)/gi;

/** `text` with every URL's credentials and query values replaced by `***`. */
export function redactUrls(text: string): string {
  if (!text.includes('://')) return text;
  return text
    .replace(USERINFO, '$1***@')
    .replace(QUERY_VALUE, (_m, head: string, query: string) => head + query.replace(/=[^&]*/g, '=***'));
}
