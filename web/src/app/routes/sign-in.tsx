import { SignInPage } from "../SignInPage";

export const Component = SignInPage;
