// Members, or pending invitations, by id and by email address in any case. Every change goes through put() and
// drop(), so the email index never disagrees with the people: the invite dialogs ask it per keystroke and per
// imported row, where a search of 100,000 people would freeze the window.
#pragma once

#include "domain.h"

#include <QHash>
#include <QString>

template <typename Person>
class PeopleById
{
public:
    const QHash<QString, Person>& all() const { return m_byId; }
    bool contains(const QString& id) const { return m_byId.contains(id); }

    const Person* byEmail(const QString& email) const
    {
        const auto id = m_idByKey.constFind(emailKey(email));
        if (id == m_idByKey.cend())
            return nullptr;
        const auto person = m_byId.constFind(*id);
        return person == m_byId.cend() ? nullptr : &*person;
    }

    void put(const Person& person)
    {
        const auto old = m_byId.constFind(person.id);
        if (old != m_byId.cend() && old->email != person.email)
            m_idByKey.remove(emailKey(old->email));
        m_byId.insert(person.id, person);
        m_idByKey.insert(emailKey(person.email), person.id);
    }

    // False when `id` was not there.
    bool drop(const QString& id)
    {
        const auto person = m_byId.constFind(id);
        if (person == m_byId.cend())
            return false;
        const QString key = emailKey(person->email);
        if (m_idByKey.value(key) == id)
            m_idByKey.remove(key);
        m_byId.erase(person);
        return true;
    }

    void clear(qsizetype expected = 0)
    {
        m_byId.clear();
        m_idByKey.clear();
        m_byId.reserve(expected);
        m_idByKey.reserve(expected);
    }

    // Changes everyone in place; `change` must leave the email address as it is.
    template <typename Change>
    void updateEach(Change change)
    {
        for (auto& person : m_byId)
            change(person);
    }

private:
    QHash<QString, Person> m_byId;
    QHash<QString, QString> m_idByKey; // emailKey -> id
};
