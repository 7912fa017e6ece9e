// Message ids are checked by tsc: <FormattedMessage id> and formatMessage({id}) accept only the
// English catalog's keys.
import type { MessageId } from "./catalog";

declare global {
  namespace FormatjsIntl {
    interface Message {
      ids: MessageId;
    }
  }
}
